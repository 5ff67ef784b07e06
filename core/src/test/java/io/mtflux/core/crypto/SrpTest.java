package io.mtflux.core.crypto;

import static io.mtflux.core.crypto.MessageCipherTest.assertFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtflux.core.internal.server.SrpServer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class SrpTest {

    private static final JsonNode V = Vectors.load("srp_2fa.json").get("vectors");

    private static byte[] password(JsonNode inputs) {
        return inputs.has("password_utf8") ? inputs.get("password_utf8").asText().getBytes(StandardCharsets.UTF_8)
            : Vectors.hex(inputs.get("password_hex"));
    }

    /** Injects a fixed secret as the "random" a or b, left-padded to 256 bytes. */
    static RandomSource fixed(byte[] secret) {
        byte[] padded = BigInts.toFixedUnsigned(new BigInteger(1, secret), 256);
        return bytes -> System.arraycopy(padded, 0, bytes, 0, bytes.length);
    }

    @Test
    void gotdVectorThroughThePublicApi() {
        JsonNode v = V.get(0);
        JsonNode in = v.get("inputs");
        JsonNode mid = v.get("intermediates_computed_by_us");
        byte[] salt1 = Vectors.hex(in.get("salt1"));
        byte[] salt2 = Vectors.hex(in.get("salt2"));
        assertThat(Vectors.toHex(SrpPasswordHash.ph1(password(in), salt1, salt2))).isEqualTo(mid.get("PH1").asText());
        assertThat(Vectors.toHex(SrpPasswordHash.ph2(password(in), salt1, salt2))).isEqualTo(mid.get("x").asText());
        SrpProof proof = SrpClient.computeProof(password(in), salt1, salt2, in.get("g").asInt(),
            Vectors.hex(in.get("p")), Vectors.hex(in.get("srp_B")), fixed(Vectors.hex(in.get("a"))));
        assertThat(Vectors.toHex(proof.a())).isEqualTo(v.get("expected_from_source").get("A").asText());
        assertThat(Vectors.toHex(proof.m1())).isEqualTo(v.get("expected_from_source").get("M1").asText());
        assertThat(proof.toString()).doesNotContain(Vectors.toHex(proof.m1()).substring(0, 8));
    }

    @Test
    void gotdNewPasswordHash() {
        JsonNode v = V.get(1);
        JsonNode in = v.get("inputs");
        NewPasswordHash h = NewPasswordHash.compute(password(in), Vectors.hex(in.get("salt1_from_server")),
            Vectors.hex(in.get("salt2")), in.get("g").asInt(), Vectors.hex(in.get("p")),
            fixed(Vectors.hex(in.get("random_32_appended"))));
        assertThat(Vectors.toHex(h.salt1())).isEqualTo(v.get("expected_from_source").get("new_salt1").asText());
        assertThat(Vectors.toHex(h.hash()))
            .isEqualTo(v.get("expected_from_source").get("new_password_hash_v").asText());
    }

    @Test
    void mtcuteVectorWithBothSalts() {
        JsonNode v = V.get(2);
        JsonNode in = v.get("inputs");
        byte[] p = Vectors.hex(in.get("p"));
        byte[] b = Vectors.hex(in.get("srp_B"));
        byte[] a = Vectors.hex(in.get("a"));
        byte[] salt2 = Vectors.hex(in.get("salt2"));
        // the printed salt1: what a spec-conformant client computes
        SrpProof proof = SrpClient.computeProof(password(in), Vectors.hex(in.get("salt1")), salt2, 3, p, b, fixed(a));
        assertThat(Vectors.toHex(proof.a())).isEqualTo(v.get("expected_from_source").get("A").asText());
        assertThat(Vectors.toHex(proof.m1())).isEqualTo(v.get("M1_with_original_salt1_computed_by_us").asText());
        // the mutated salt1 the published M1 was really computed with
        SrpProof published = SrpClient.computeProof(password(in),
            Vectors.hex(v.get("salt1_actually_used_for_expected_M1")), salt2, 3, p, b, fixed(a));
        assertThat(Vectors.toHex(published.m1())).isEqualTo(v.get("expected_from_source").get("M1").asText());
    }

    @Test
    void telethonVectorsIncludingTheSmallPrimeOne() {
        for (int i = 3; i <= 4; i++) {
            JsonNode v = V.get(i);
            JsonNode in = v.get("inputs");
            byte[] salt1 = Vectors.hex(in.get("salt1"));
            byte[] salt2 = Vectors.hex(in.get("salt2"));
            // p = 47 in the first one is refused by the public API, so use the unchecked arithmetic
            SrpProof proof = SrpClient.proof(SrpPasswordHash.ph2(password(in), salt1, salt2), salt1, salt2,
                in.get("g").asInt(), Vectors.hex(in.get("p")), Vectors.hex(in.get("srp_B")),
                new BigInteger(1, Vectors.hex(in.get("a"))));
            assertThat(Vectors.toHex(proof.a())).as(v.get("name").asText())
                .isEqualTo(v.get("expected_from_source").get("A").asText());
            assertThat(Vectors.toHex(proof.m1())).isEqualTo(v.get("expected_from_source").get("M1").asText());
        }
        JsonNode small = V.get(3).get("inputs");
        assertFailure(() -> SrpClient.computeProof(password(small), Vectors.hex(small.get("salt1")),
            Vectors.hex(small.get("salt2")), 3, Vectors.hex(small.get("p")), Vectors.hex(small.get("srp_B")),
            RandomSource.secure()), SecurityFailure.SRP_GROUP_REJECTED);
    }

    @Test
    void derivedServerSideVector() {
        JsonNode v = V.get(5);
        JsonNode in = v.get("inputs");
        byte[] salt1 = Vectors.hex(in.get("salt1"));
        byte[] salt2 = Vectors.hex(in.get("salt2"));
        SrpServer server = SrpServer.fromPassword(password(in), salt1, salt2, DhGroup.TELEGRAM);
        assertThat(Vectors.toHex(SrpPasswordHash.verifier(password(in), salt1, salt2, DhGroup.TELEGRAM)))
            .isEqualTo(v.get("server_stores").get("v_new_password_hash").asText());
        SrpServer.Challenge challenge = server.challenge(fixed(Vectors.hex(in.get("server_b"))));
        assertThat(Vectors.toHex(challenge.srpB())).isEqualTo(v.get("srp_B_sent_in_account_password").asText());

        SrpProof proof = SrpClient.computeProof(password(in), salt1, salt2, 3, DhGroup.TELEGRAM.primeBytes(),
            challenge.srpB(), fixed(Vectors.hex(in.get("client_a"))));
        assertThat(Vectors.toHex(proof.a())).isEqualTo(v.get("client_computes").get("A").asText());
        assertThat(Vectors.toHex(proof.m1())).isEqualTo(v.get("server_verification").get("expected_M1").asText());
        assertThatCode(() -> challenge.verify(proof.a(), proof.m1())).doesNotThrowAnyException();
        assertThat(challenge.toString()).doesNotContain("42424242");
    }

    @Test
    void serverRejectsWrongPasswordAndBadA() {
        byte[] salt1 = new byte[40];
        byte[] salt2 = new byte[16];
        SrpServer server = SrpServer.fromPassword("right".getBytes(), salt1, salt2, DhGroup.TELEGRAM);
        SrpServer.Challenge challenge = server.challenge(RandomSource.secure());
        SrpProof wrong = SrpClient.computeProof("wrong".getBytes(), salt1, salt2, 3, DhGroup.TELEGRAM.primeBytes(),
            challenge.srpB(), RandomSource.secure());
        assertFailure(() -> challenge.verify(wrong.a(), wrong.m1()), SecurityFailure.SRP_M1_MISMATCH);
        SrpProof right = SrpClient.computeProof("right".getBytes(), salt1, salt2, 3, DhGroup.TELEGRAM.primeBytes(),
            challenge.srpB(), RandomSource.secure());
        byte[] tampered = right.m1().clone();
        tampered[0] ^= 1;
        assertFailure(() -> challenge.verify(right.a(), tampered), SecurityFailure.SRP_M1_MISMATCH);
        assertFailure(() -> challenge.verify(new byte[256], right.m1()), SecurityFailure.SRP_A_OUT_OF_RANGE);
        assertFailure(() -> challenge.verify(DhGroup.TELEGRAM.primeBytes(), right.m1()),
            SecurityFailure.SRP_A_OUT_OF_RANGE);
        assertThatCode(() -> challenge.verify(right.a(), right.m1())).doesNotThrowAnyException();
    }

    @Test
    void clientRejectsBadGroupsAndB() {
        byte[] p = DhGroup.TELEGRAM.primeBytes();
        byte[] goodB = BigInts.toFixedUnsigned(BigInteger.TWO.pow(2000), 256);
        byte[] pw = "x".getBytes();
        assertFailure(() -> SrpClient.computeProof(pw, new byte[8], new byte[8], 2, p, goodB, RandomSource.secure()),
            SecurityFailure.SRP_GROUP_REJECTED);
        byte[] otherPrime = BigInts.toFixedUnsigned(BigInteger.probablePrime(2048, new java.util.Random(3)), 256);
        assertFailure(() -> SrpClient.computeProof(pw, new byte[8], new byte[8], 3, otherPrime, goodB,
            RandomSource.secure()), SecurityFailure.SRP_GROUP_REJECTED);
        assertFailure(() -> SrpClient.computeProof(pw, new byte[8], new byte[8], 3, p, new byte[256],
            RandomSource.secure()), SecurityFailure.SRP_B_OUT_OF_RANGE);
        assertFailure(() -> SrpClient.computeProof(pw, new byte[8], new byte[8], 3, p, p, RandomSource.secure()),
            SecurityFailure.SRP_B_OUT_OF_RANGE);
        assertFailure(() -> SrpClient.computeProof(pw, new byte[8], new byte[8], 3, p, Arrays.copyOf(goodB, 247),
            RandomSource.secure()), SecurityFailure.SRP_B_OUT_OF_RANGE);
        assertFailure(() -> NewPasswordHash.compute(pw, new byte[8], new byte[8], 3, otherPrime,
            RandomSource.secure()), SecurityFailure.SRP_GROUP_REJECTED);
    }

    @Test
    void clientRedrawsADegenerateSecret() {
        // first draw a = 0 gives A = 1, which must be redrawn; the second draw is the gotd vector's a = 1
        byte[] pw = "123123".getBytes();
        JsonNode in = V.get(0).get("inputs");
        int[] draws = {0};
        RandomSource source = bytes -> {
            Arrays.fill(bytes, (byte) 0);
            if (draws[0]++ > 0) {
                bytes[bytes.length - 1] = 1;
            }
        };
        SrpProof proof = SrpClient.computeProof(pw, Vectors.hex(in.get("salt1")), Vectors.hex(in.get("salt2")), 3,
            Vectors.hex(in.get("p")), Vectors.hex(in.get("srp_B")), source);
        assertThat(draws[0]).isEqualTo(2);
        assertThat(Vectors.toHex(proof.m1())).isEqualTo(V.get(0).get("expected_from_source").get("M1").asText());
    }

    @Test
    void asyncVariantsOnParallelScheduler() {
        JsonNode in = V.get(0).get("inputs");
        StepVerifier.create(SrpClient.computeProofAsync("123123".getBytes(), Vectors.hex(in.get("salt1")),
                Vectors.hex(in.get("salt2")), 3, Vectors.hex(in.get("p")), Vectors.hex(in.get("srp_B")),
                fixed(new byte[] {1})))
            .assertNext(p -> assertThat(Vectors.toHex(p.m1()))
                .isEqualTo(V.get(0).get("expected_from_source").get("M1").asText()))
            .expectComplete()
            .verify(Duration.ofSeconds(30));
        StepVerifier.create(SrpPasswordHash.verifierAsync("123123".getBytes(), Vectors.hex(in.get("salt1")),
                Vectors.hex(in.get("salt2")), DhGroup.TELEGRAM))
            .assertNext(v -> assertThat(Vectors.toHex(v))
                .isEqualTo(V.get(0).get("intermediates_computed_by_us").get("v").asText()))
            .expectComplete()
            .verify(Duration.ofSeconds(30));
    }

    @Test
    void serverAsyncVariants() {
        byte[] salt1 = new byte[40];
        byte[] salt2 = new byte[16];
        SrpServer server = SrpServer.fromPassword("pw".getBytes(), salt1, salt2, DhGroup.TELEGRAM);
        StepVerifier.create(server.challengeAsync(RandomSource.secure())
                .flatMap(c -> SrpClient.computeProofAsync("pw".getBytes(), salt1, salt2, 3,
                        DhGroup.TELEGRAM.primeBytes(), c.srpB(), RandomSource.secure())
                    .flatMap(p -> c.verifyAsync(p.a(), p.m1()).thenReturn(true))))
            .expectNext(true)
            .expectComplete()
            .verify(Duration.ofSeconds(30));
        SrpServer.Challenge c = server.challenge(RandomSource.secure());
        StepVerifier.create(c.verifyAsync(new byte[] {5}, new byte[32]))
            .expectErrorMatches(e -> e instanceof MtprotoSecurityException m
                && m.reason() == SecurityFailure.SRP_M1_MISMATCH)
            .verify(Duration.ofSeconds(30));
    }

    @Test
    void pbkdf2MatchesTheJdkForTextPasswords() throws Exception {
        javax.crypto.SecretKeyFactory f = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512");
        byte[] salt = "salty".getBytes();
        for (int iterations : new int[] {1, 2, 1000}) {
            for (int length : new int[] {1, 64, 100}) {
                byte[] jdk = f.generateSecret(new javax.crypto.spec.PBEKeySpec("password".toCharArray(), salt,
                    iterations, length * 8)).getEncoded();
                assertThat(Pbkdf2.hmacSha512("password".getBytes(), salt, iterations, length)).isEqualTo(jdk);
            }
        }
        StepVerifier.create(Pbkdf2.hmacSha512Async(new byte[0], salt, 10, 64))
            .assertNext(k -> assertThat(k).hasSize(64))
            .expectComplete()
            .verify(Duration.ofSeconds(10));
    }
}
