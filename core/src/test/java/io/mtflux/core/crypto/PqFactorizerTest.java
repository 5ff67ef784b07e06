package io.mtflux.core.crypto;

import static io.mtflux.core.crypto.MessageCipherTest.assertFailure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class PqFactorizerTest {

    @Test
    void publishedVectors() {
        JsonNode vectors = Vectors.load("misc_pq_dh_msgid.json").get("pq_factorization");
        assertThat(vectors.size()).isEqualTo(7);
        for (JsonNode v : vectors) {
            PqFactors f = PqFactorizer.factor(v.get("pq").asLong());
            assertThat(f.p()).as(v.get("source").asText()).isEqualTo(v.get("p").asLong());
            assertThat(f.q()).isEqualTo(v.get("q").asLong());
            // the byte form of resPQ gives the same answer, and p, q come out as minimal big-endian bytes
            PqFactors viaBytes = PqFactorizer.factor(Vectors.hex(v.get("pq_hex").asText().length() % 2 == 0
                ? v.get("pq_hex").asText() : "0" + v.get("pq_hex").asText().substring(2)));
            assertThat(viaBytes).isEqualTo(f);
            assertThat(new BigInteger(1, f.pBytes())).isEqualTo(BigInteger.valueOf(f.p()));
            assertThat(f.pBytes()[0]).isNotZero();
        }
        assertThat(Vectors.toHex(PqFactorizer.factor(0x17ED48941A08F981L).pBytes())).isEqualTo("494c553b");
    }

    @Test
    void randomSemiprimesOfRealSizeAndBeyond() {
        Random r = new Random(42);
        for (int i = 0; i < 300; i++) {
            int bits = i < 200 ? 31 + r.nextInt(2) : 2 + r.nextInt(31);
            BigInteger p = BigInteger.probablePrime(bits, r);
            BigInteger q = BigInteger.probablePrime(i < 200 ? 31 + r.nextInt(2) : 64 - bits - 1, r);
            BigInteger n = p.multiply(q);
            if (p.equals(q) || n.bitLength() > 64) {
                continue;
            }
            PqFactors f = PqFactorizer.factor(n.longValue());
            assertThat(BigInteger.valueOf(f.p())).isEqualTo(p.min(q));
            assertThat(new BigInteger(Long.toUnsignedString(f.q()))).isEqualTo(p.max(q));
        }
    }

    @Test
    void fullUnsigned64BitRange() {
        // n >= 2^63: both Montgomery overflow paths and unsigned division are exercised
        BigInteger p = BigInteger.valueOf(4294967291L);
        BigInteger q = BigInteger.valueOf(4294967279L);
        PqFactors f = PqFactorizer.factor(p.multiply(q).longValue());
        assertThat(f).isEqualTo(new PqFactors(4294967279L, 4294967291L));
        assertThat(PqFactorizer.factor(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf6, 0, 0, 0, 0x09}))
            .satisfies(g -> assertThat(new BigInteger(Long.toUnsignedString(g.p()))
                .multiply(new BigInteger(Long.toUnsignedString(g.q()))))
                .isEqualTo(new BigInteger("fffffff600000009", 16)));
    }

    @Test
    void smallAndEvenInputs() {
        assertThat(PqFactorizer.factor(15)).isEqualTo(new PqFactors(3, 5));
        assertThat(PqFactorizer.factor(4)).isEqualTo(new PqFactors(2, 2));
        assertThat(PqFactorizer.factor(2 * 1_000_003L)).isEqualTo(new PqFactors(2, 1_000_003L));
        assertThat(PqFactorizer.factor(67L * 67)).isEqualTo(new PqFactors(67, 67));
        assertThat(PqFactorizer.factor(1_000_003L * 1_000_003L)).isEqualTo(new PqFactors(1_000_003L, 1_000_003L));
    }

    @Test
    void primesAndTrivialValuesAreNotFactorable() {
        for (long n : new long[] {0, 1, 2, 3, 61, 1_000_003L, 4294967291L, 2305843009213693951L, -59L}) {
            assertFailure(() -> PqFactorizer.factor(n), SecurityFailure.PQ_NOT_FACTORABLE);
        }
        assertFailure(() -> PqFactorizer.factor(new byte[9]), SecurityFailure.PQ_NOT_FACTORABLE);
        assertFailure(() -> PqFactorizer.factor(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 1}),
            SecurityFailure.PQ_NOT_FACTORABLE);
    }

    @Test
    void gcdOnUnsignedValues() {
        assertThat(PqFactorizer.gcd(12, 18)).isEqualTo(6);
        assertThat(PqFactorizer.gcd(-2, 6)).isEqualTo(2);
        assertThat(PqFactorizer.gcd(0, 7)).isEqualTo(7);
    }

    @Test
    void asyncVariant() {
        StepVerifier.create(PqFactorizer.factorAsync(Vectors.hex("17ed48941a08f981")))
            .expectNext(new PqFactors(1229739323L, 1402015859L))
            .expectComplete()
            .verify(Duration.ofSeconds(10));
    }
}
