package io.mtflux.core.crypto;

import static io.mtflux.core.crypto.MessageCipherTest.assertFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class DhChecksTest {

    private static final BigInteger P = DhGroup.TELEGRAM.prime();

    @Test
    void telegramPrimeVector() {
        JsonNode v = Vectors.load("misc_pq_dh_msgid.json").get("dh_prime_checks");
        assertThat(P).isEqualTo(new BigInteger(v.get("p_hex").asText(), 16));
        assertThat(P.bitLength()).isEqualTo(v.get("bits").asInt());
        // the fast path must agree with a real test
        assertThat(P.isProbablePrime(40)).isEqualTo(v.get("is_probable_prime").asBoolean());
        assertThat(P.shiftRight(1).isProbablePrime(40)).isEqualTo(v.get("half_is_probable_prime").asBoolean());
        List<Integer> valid = new ArrayList<>();
        for (int g = 0; g <= 9; g++) {
            try {
                DhChecks.checkGroup(P, g);
                valid.add(g);
            } catch (MtprotoSecurityException e) {
                assertThat(e.reason()).isEqualTo(SecurityFailure.DH_GENERATOR_INVALID);
            }
        }
        List<Integer> expected = new ArrayList<>();
        v.get("valid_g_by_reciprocity_rule").forEach(n -> expected.add(n.asInt()));
        assertThat(valid).isEqualTo(expected);
        assertThat(DhChecks.isKnownSafePrime(P)).isTrue();
    }

    @Test
    void nonSafePrimeIsRejected() {
        BigInteger prime = BigInteger.probablePrime(2048, new Random(1));
        assertThat(prime.shiftRight(1).isProbablePrime(20)).isFalse();
        assertFailure(() -> DhChecks.checkGroup(prime, 3), SecurityFailure.DH_PRIME_INVALID);
        assertThat(DhChecks.isKnownSafePrime(prime)).isFalse();
    }

    @Test
    void compositeAndWrongSizePrimesAreRejected() {
        assertFailure(() -> DhChecks.checkPrime(P.add(BigInteger.TWO)), SecurityFailure.DH_PRIME_INVALID);
        assertFailure(() -> DhChecks.checkPrime(P.shiftRight(1)), SecurityFailure.DH_PRIME_INVALID);
        assertFailure(() -> DhChecks.checkPrime(BigInteger.valueOf(23)), SecurityFailure.DH_PRIME_INVALID);
        assertFailure(() -> DhChecks.checkPrime(P.negate()), SecurityFailure.DH_PRIME_INVALID);
    }

    @Test
    void otherSafePrimeIsTestedOnceThenCached() {
        // RFC 3526 group 14: a 2048-bit safe prime (every g in 2..7 generates its (p-1)/2 subgroup)
        BigInteger modp2048 = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
                + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
                + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
                + "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
                + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
                + "15728E5A8AACAA68FFFFFFFFFFFFFFFF", 16);
        assertThat(DhChecks.isKnownSafePrime(modp2048)).isFalse();
        StepVerifier.create(DhChecks.checkGroupAsync(modp2048, 2)).expectComplete().verify(Duration.ofSeconds(30));
        assertThat(DhChecks.isKnownSafePrime(modp2048)).isTrue();
        assertFailure(() -> DhChecks.checkGroup(modp2048, 8), SecurityFailure.DH_GENERATOR_INVALID);
    }

    @Test
    void generatorRulesOnSmallSafePrimes() {
        // safe primes and which g in 2..7 generate the (p-1)/2 subgroup, by brute force
        for (int p : new int[] {23, 47, 59, 83, 107, 167, 179, 227, 263, 347, 359, 383, 467, 479, 503}) {
            BigInteger bp = BigInteger.valueOf(p);
            BigInteger order = BigInteger.valueOf((p - 1) / 2);
            for (int g = 2; g <= 7; g++) {
                boolean generatesSubgroup = BigInteger.valueOf(g).modPow(order, bp).equals(BigInteger.ONE)
                    && BigInteger.valueOf(g).mod(bp).compareTo(BigInteger.ONE) > 0;
                int gg = g;
                if (generatesSubgroup) {
                    assertThatCode(() -> DhChecks.checkGenerator(bp, gg)).as("p=%d g=%d", p, g)
                        .doesNotThrowAnyException();
                } else {
                    assertFailure(() -> DhChecks.checkGenerator(bp, gg), SecurityFailure.DH_GENERATOR_INVALID);
                }
            }
        }
    }

    @Test
    void publicValueRange() {
        BigInteger low = BigInteger.ONE.shiftLeft(2048 - 64);
        assertThatCode(() -> DhChecks.checkPublicValue(low, P)).doesNotThrowAnyException();
        assertThatCode(() -> DhChecks.checkPublicValue(P.subtract(low), P)).doesNotThrowAnyException();
        for (BigInteger bad : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
            low.subtract(BigInteger.ONE), P.subtract(low).add(BigInteger.ONE), P.subtract(BigInteger.ONE), P,
            P.add(BigInteger.ONE), BigInteger.ONE.negate()}) {
            assertFailure(() -> DhChecks.checkPublicValue(bad, P), SecurityFailure.DH_VALUE_OUT_OF_RANGE);
        }
    }

    @Test
    void keyAgreementBothSidesAgree() {
        DhKeyShare a = DhKeyAgreement.generate(DhGroup.TELEGRAM, RandomSource.secure());
        DhKeyShare b = DhKeyAgreement.generate(DhGroup.TELEGRAM, RandomSource.secure());
        AuthKey k1 = DhKeyAgreement.sharedKey(a, b.publicValue(), P);
        StepVerifier.create(DhKeyAgreement.sharedKeyAsync(b, a.publicValue(), P))
            .expectNext(k1)
            .expectComplete()
            .verify(Duration.ofSeconds(10));
        assertThat(a.toString()).doesNotContain(a.secret().toString(16).substring(0, 8));
        assertFailure(() -> DhKeyAgreement.sharedKey(a, BigInteger.TWO, P), SecurityFailure.DH_VALUE_OUT_OF_RANGE);
    }

    @Test
    void keyGenerationRedrawsSecretsWithPublicValuesOutOfRange() {
        // first draw: secret 1, so g^1 = 3 is out of range; second draw: a real secret
        int[] calls = {0};
        RandomSource source = bytes -> {
            if (calls[0]++ == 0) {
                java.util.Arrays.fill(bytes, (byte) 0);
                bytes[bytes.length - 1] = 1;
            } else {
                RandomSource.secure().nextBytes(bytes);
            }
        };
        DhKeyShare share = DhKeyAgreement.generate(DhGroup.TELEGRAM, source);
        assertThat(calls[0]).isEqualTo(2);
        assertThat(share.secret()).isNotEqualTo(BigInteger.ONE);
        StepVerifier.create(DhKeyAgreement.generateAsync(DhGroup.TELEGRAM, RandomSource.secure()))
            .assertNext(s -> assertThatCode(() -> DhChecks.checkPublicValue(s.publicValue(), P))
                .doesNotThrowAnyException())
            .expectComplete()
            .verify(Duration.ofSeconds(10));
    }
}
