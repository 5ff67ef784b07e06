package io.mtflux.core.crypto;

import static io.mtflux.core.crypto.MessageCipherTest.assertFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class RsaTest {

    private static final JsonNode V = Vectors.load("rsa_keys_fingerprints.json");

    @Test
    void fingerprintsOfAllListedKeys() {
        for (JsonNode k : V.get("keys")) {
            RsaPublicKey key = RsaPublicKey.fromPem(k.get("pem").asText());
            assertThat(key.modulus()).isEqualTo(new BigInteger(k.get("n_hex").asText(), 16));
            assertThat(key.exponent().intValue()).isEqualTo(k.get("e").asInt());
            assertThat(key.fingerprint()).as(k.get("label").asText()).isEqualTo(k.get("fingerprint_signed").asLong());
            byte[] wire = new byte[8];
            LittleEndian.putLong(wire, 0, key.fingerprint());
            assertThat(Vectors.toHex(wire)).isEqualTo(k.get("fingerprint_wire_le").asText());
        }
        assertThat(V.get("keys").size()).isEqualTo(10);
    }

    @Test
    void gotdPkixKeyFingerprint() {
        JsonNode k = V.get("gotd_pkix_test_key");
        assertThat(RsaPublicKey.fromPem(k.get("pem").asText()).fingerprint())
            .isEqualTo(k.get("fingerprint_signed").asLong());
    }

    @Test
    void builtInKeySet() {
        assertThat(TelegramRsaKeys.PRODUCTION.fingerprint()).isEqualTo(0xd09d1d85de64fd85L);
        assertThat(TelegramRsaKeys.TEST_DC.fingerprint()).isEqualTo(0xb25898df208d2603L);
        assertThat(TelegramRsaKeys.LEGACY).hasSize(8);
        RsaKeyRing ring = TelegramRsaKeys.current();
        // the core sample's resPQ order: two legacy keys first, then the production key
        assertThat(ring.firstKnown(0x0bc35f3509f7b7a5L, 0xc3b42b026ce86b21L, 0xd09d1d85de64fd85L))
            .contains(TelegramRsaKeys.PRODUCTION);
        assertThat(TelegramRsaKeys.withLegacy().firstKnown(0x0bc35f3509f7b7a5L, 0xd09d1d85de64fd85L))
            .map(RsaPublicKey::fingerprint).contains(0x0bc35f3509f7b7a5L);
        assertThat(ring.firstKnown(0x9692106da14b9f02L)).isEmpty();
        RsaKeyRing withUser = ring.withKey(TestKeys.SERVER.publicKey());
        assertThat(withUser.find(TestKeys.SERVER.publicKey().fingerprint())).contains(TestKeys.SERVER.publicKey());
        assertThat(ring.find(TestKeys.SERVER.publicKey().fingerprint())).isEmpty();
        assertThat(ring.toString()).contains("d09d1d85de64fd85");
    }

    @Test
    void pemRoundTrips() {
        for (RsaPublicKey key : TelegramRsaKeys.withLegacy().keys()) {
            assertThat(RsaPublicKey.fromPem(key.toPem())).isEqualTo(key);
        }
        assertThat(TelegramRsaKeys.PRODUCTION.toPem().replace("\r", ""))
            .isEqualTo(V.get("keys").get(1).get("pem").asText().strip() + "\n");
        RsaPrivateKey server = TestKeys.SERVER;
        String pem = server.toPem();
        assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        RsaPrivateKey back = RsaPrivateKey.fromPem(pem);
        assertThat(back.publicKey()).isEqualTo(server.publicKey());
        byte[] block = new byte[256];
        block[5] = 7;
        assertThat(back.decrypt(server.publicKey().encrypt(block))).isEqualTo(block);
    }

    @Test
    void malformedPemsAreRejectedWithoutQuotingThem() {
        assertThatThrownBy(() -> RsaPublicKey.fromPem("nothing here")).isInstanceOf(IllegalArgumentException.class);
        String privatePem = TestKeys.SERVER.toPem();
        assertThatThrownBy(() -> RsaPublicKey.fromPem(privatePem)).isInstanceOf(IllegalArgumentException.class);
        String broken = privatePem.replace(privatePem.substring(40, 60), "AAAAAAAAAAAAAAAAAAAA");
        assertThatThrownBy(() -> RsaPrivateKey.fromPem(broken))
            .isInstanceOf(IllegalArgumentException.class)
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(privatePem.substring(70, 90)));
    }

    @Test
    void generatedServerKeyFingerprintHasNonZeroTopNibble() {
        assertThat(TestKeys.SERVER.publicKey().fingerprint() >>> 60).isNotZero();
        assertThat(TestKeys.SERVER.publicKey().modulus().bitLength()).isEqualTo(2048);
        assertThat(TestKeys.SERVER.publicKey().exponent()).isEqualTo(BigInteger.valueOf(65537));
        assertThat(TestKeys.SERVER.toString()).doesNotContain(TestKeys.SERVER.privateExponent().toString(16)
            .substring(0, 10));
    }

    @Test
    void rsaPadZeroRandomnessVector() {
        JsonNode v = V.get("rsa_pad_vector");
        byte[] data = Vectors.hex(v.get("data"));
        RandomSource zeros = bytes -> Arrays.fill(bytes, (byte) 0);
        byte[] encrypted = RsaPad.encrypt(data, TelegramRsaKeys.PRODUCTION, zeros);
        assertThat(Vectors.toHex(encrypted)).isEqualTo(v.get("encrypted_data").asText());
        // The intermediate key_aes_encrypted is what the server recovers before unpadding.
        byte[] withPadding = RsaPad.unpad(Vectors.hex(v.get("key_aes_encrypted")));
        assertThat(Vectors.toHex(withPadding)).isEqualTo(v.get("data_with_padding").asText());
    }

    @Test
    void rsaPadRoundTripWithGeneratedKey() {
        SplittableRandom r = new SplittableRandom(1);
        for (int len : new int[] {0, 1, 96, 144}) {
            byte[] data = AesIgeTest.bytes(r, len);
            byte[] encrypted = RsaPad.encrypt(data, TestKeys.SERVER.publicKey(), RandomSource.secure());
            assertThat(encrypted).hasSize(256);
            byte[] withPadding = RsaPad.decrypt(encrypted, TestKeys.SERVER);
            assertThat(withPadding).hasSize(192);
            assertThat(Arrays.copyOf(withPadding, len)).isEqualTo(data);
        }
    }

    @Test
    void rsaPadRetriesTempKeyUntilBelowModulus() {
        // n just above 2^2047: about half of all random 256-byte blocks are >= n and must be retried
        BigInteger p = BigInteger.ONE.shiftLeft(1023).add(BigInteger.ONE).nextProbablePrime();
        BigInteger q = BigInteger.ONE.shiftLeft(1024).add(BigInteger.ONE).nextProbablePrime();
        BigInteger e = BigInteger.valueOf(65537);
        BigInteger d = e.modInverse(p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE)));
        RsaPrivateKey key = RsaPrivateKey.of(p.multiply(q), e, d, p, q);
        assertThat(key.modulus().bitLength()).isEqualTo(2048);
        SplittableRandom r = new SplittableRandom(12);
        int[] draws = {0};
        RandomSource counting = b -> {
            draws[0]++;
            r.nextBytes(b);
        };
        for (int i = 0; i < 20; i++) {
            byte[] encrypted = RsaPad.encrypt(new byte[8], key.publicKey(), counting);
            assertThat(Arrays.copyOf(RsaPad.decrypt(encrypted, key), 8)).isEqualTo(new byte[8]);
        }
        // one padding draw + one temp_key draw per attempt: more than 40 draws means some attempts were retried
        assertThat(draws[0]).isGreaterThan(45);
    }

    @Test
    void rsaPadTamperingIsDetected() {
        byte[] encrypted = RsaPad.encrypt(new byte[100], TestKeys.SERVER.publicKey(), RandomSource.secure());
        encrypted[100] ^= 1;
        assertFailure(() -> RsaPad.decrypt(encrypted, TestKeys.SERVER), SecurityFailure.RSA_PAD_HASH_MISMATCH);
        byte[] tooBig = TestKeys.SERVER.modulus().toByteArray();
        assertFailure(() -> RsaPad.decrypt(Arrays.copyOfRange(tooBig, tooBig.length - 256, tooBig.length),
            TestKeys.SERVER), SecurityFailure.RSA_VALUE_OUT_OF_RANGE);
        assertFailure(() -> RsaPad.decrypt(new byte[257], TestKeys.SERVER), SecurityFailure.RSA_VALUE_OUT_OF_RANGE);
        assertFailure(() -> RsaPad.encrypt(new byte[145], TestKeys.SERVER.publicKey(), RandomSource.secure()),
            SecurityFailure.RSA_DATA_TOO_LONG);
    }

    @Test
    void legacyRoundTripAndTampering() {
        SplittableRandom r = new SplittableRandom(2);
        for (int len : new int[] {4, 96, 100, 232}) {
            byte[] data = AesIgeTest.bytes(r, len);
            byte[] encrypted = LegacyRsa.encrypt(data, TestKeys.SERVER.publicKey(), RandomSource.secure());
            assertThat(LegacyRsa.decrypt(encrypted, TestKeys.SERVER)).isEqualTo(data);
            // a legacy block is not an RSA_PAD block
            assertFailure(() -> RsaPad.decrypt(encrypted, TestKeys.SERVER), SecurityFailure.RSA_PAD_HASH_MISMATCH);
        }
        byte[] encrypted = LegacyRsa.encrypt(new byte[96], TestKeys.SERVER.publicKey(), RandomSource.secure());
        byte[] block = TestKeys.SERVER.decrypt(encrypted);
        block[30] ^= 1;
        assertFailure(() -> LegacyRsa.unpad(block), SecurityFailure.LEGACY_RSA_HASH_MISMATCH);
        byte[] padBlock = TestKeys.SERVER.decrypt(RsaPad.encrypt(new byte[96], TestKeys.SERVER.publicKey(),
            RandomSource.secure()));
        assertFailure(() -> LegacyRsa.unpad(padBlock), SecurityFailure.LEGACY_RSA_HASH_MISMATCH);
        assertFailure(() -> LegacyRsa.encrypt(new byte[236], TestKeys.SERVER.publicKey(), RandomSource.secure()),
            SecurityFailure.RSA_DATA_TOO_LONG);
    }

    @Test
    void asyncVariantsRunOnParallelSchedulerWithoutBlocking() {
        StepVerifier.create(RsaPad.encryptAsync(new byte[32], TestKeys.SERVER.publicKey(), RandomSource.secure())
                .flatMap(c -> RsaPad.decryptAsync(c, TestKeys.SERVER)))
            .assertNext(p -> assertThat(Arrays.copyOf(p, 32)).isEqualTo(new byte[32]))
            .expectComplete()
            .verify(Duration.ofSeconds(30));
        StepVerifier.create(LegacyRsa.encryptAsync(new byte[32], TestKeys.SERVER.publicKey(), RandomSource.secure())
                .flatMap(c -> LegacyRsa.decryptAsync(c, TestKeys.SERVER)))
            .assertNext(p -> assertThat(p).isEqualTo(new byte[32]))
            .expectComplete()
            .verify(Duration.ofSeconds(30));
    }

    @Test
    void keyGenerationOnParallelSchedulerWithInjectedRandomness() {
        SplittableRandom r = new SplittableRandom(4);
        RandomSource seeded = b -> r.nextBytes(b);
        StepVerifier.create(RsaPrivateKey.generateForServerAsync(1024, seeded))
            .assertNext(k -> assertThat(k.publicKey().fingerprint() >>> 60).isNotZero())
            .expectComplete()
            .verify(Duration.ofSeconds(60));
    }
}
