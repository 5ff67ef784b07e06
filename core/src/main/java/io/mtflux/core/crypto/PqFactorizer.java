package io.mtflux.core.crypto;

import java.math.BigInteger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Factors the 64-bit pq of resPQ (docs/protocol.md 3.1 step 3) with Pollard's rho in Brent's variant, batching the
 * gcds, over Montgomery arithmetic so that every step is a few 64-bit multiplications (no BigInteger). Real pq
 * (two ~31-bit primes) factor in microseconds. Deterministic: the same pq always takes the same path.
 */
public final class PqFactorizer {

    private static final int[] SMALL_PRIMES = {3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61};
    private static final long[] MILLER_RABIN_BASES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
    private static final int BATCH = 128;

    private PqFactorizer() {
    }

    /**
     * Factors pq given as unsigned big-endian bytes (as in resPQ).
     *
     * @param pq 1 to 8 bytes
     * @return the factors
     * @throws MtprotoSecurityException with {@link SecurityFailure#PQ_NOT_FACTORABLE} if pq is 0, 1 or prime,
     *     or longer than 8 bytes
     */
    public static PqFactors factor(byte[] pq) {
        int start = 0;
        while (start < pq.length && pq[start] == 0) {
            start++;
        }
        if (pq.length - start > 8) {
            throw new MtprotoSecurityException(SecurityFailure.PQ_NOT_FACTORABLE, "pq longer than 64 bits");
        }
        long n = 0;
        for (int i = start; i < pq.length; i++) {
            n = (n << 8) | (pq[i] & 0xffL);
        }
        return factor(n);
    }

    /**
     * Factors an unsigned 64-bit value into p &lt;= q with p * q = n; for a semiprime (real pq) these are its two
     * primes, otherwise p is some non-trivial divisor.
     *
     * @param n the value, unsigned
     * @return the factors
     * @throws MtprotoSecurityException with {@link SecurityFailure#PQ_NOT_FACTORABLE} if n is 0, 1 or prime
     */
    public static PqFactors factor(long n) {
        if (n == 0 || n == 1 || n == 2) {
            throw notFactorable();
        }
        if ((n & 1) == 0) {
            return ordered(2, n >>> 1);
        }
        for (int sp : SMALL_PRIMES) {
            if (Long.remainderUnsigned(n, sp) == 0) {
                if (n == sp) {
                    throw notFactorable();
                }
                return ordered(sp, Long.divideUnsigned(n, sp));
            }
        }
        Montgomery mont = new Montgomery(n);
        if (mont.isPrime()) {
            throw notFactorable();
        }
        for (long c = 1; ; c++) {
            long d = brent(mont, c);
            if (d != n) {
                return ordered(d, Long.divideUnsigned(n, d));
            }
        }
    }

    /**
     * {@link #factor(byte[])} on {@code Schedulers.parallel()}.
     *
     * @param pq the pq bytes
     * @return a cold {@code Mono} of the factors
     */
    public static Mono<PqFactors> factorAsync(byte[] pq) {
        return Mono.fromCallable(() -> factor(pq)).subscribeOn(Schedulers.parallel());
    }

    /** One run of Brent's cycle finding with f(y) = y^2 + c (in Montgomery form); returns n on failure. */
    private static long brent(Montgomery mont, long c) {
        long n = mont.n;
        long y = mont.toMontgomery(2);
        long x = y;
        long ys = y;
        long product = mont.one;
        long g = 1;
        for (long r = 1; g == 1; r <<= 1) {
            x = y;
            for (long i = 0; i < r; i++) {
                y = mont.squarePlus(y, c);
            }
            for (long k = 0; k < r && g == 1; k += BATCH) {
                ys = y;
                long steps = Math.min(BATCH, r - k);
                for (long i = 0; i < steps; i++) {
                    y = mont.squarePlus(y, c);
                    product = mont.multiply(product, absDiff(x, y));
                }
                g = gcd(product, n);
            }
        }
        if (g == n) {
            // The batch overshot: replay it one step at a time from its start.
            do {
                ys = mont.squarePlus(ys, c);
                g = gcd(absDiff(x, ys), n);
            } while (g == 1);
        }
        return g;
    }

    private static long absDiff(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a - b : b - a;
    }

    /** Binary gcd on unsigned 64-bit values. */
    static long gcd(long a, long b) {
        if (a == 0) {
            return b;
        }
        if (b == 0) {
            return a;
        }
        int shift = Long.numberOfTrailingZeros(a | b);
        a >>>= Long.numberOfTrailingZeros(a);
        do {
            b >>>= Long.numberOfTrailingZeros(b);
            if (Long.compareUnsigned(a, b) > 0) {
                long t = a;
                a = b;
                b = t;
            }
            b -= a;
        } while (b != 0);
        return a << shift;
    }

    private static PqFactors ordered(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? new PqFactors(a, b) : new PqFactors(b, a);
    }

    private static MtprotoSecurityException notFactorable() {
        return new MtprotoSecurityException(SecurityFailure.PQ_NOT_FACTORABLE, "pq has no non-trivial factors");
    }

    /** Montgomery arithmetic modulo an odd unsigned 64-bit n, with R = 2^64. */
    private static final class Montgomery {

        final long n;
        final long inv;
        final long one;
        final long r2;
        final boolean small;

        Montgomery(long n) {
            this.n = n;
            this.small = n > 0;
            long i = n;
            for (int k = 0; k < 5; k++) {
                i *= 2 - n * i;
            }
            this.inv = i;
            BigInteger bn = new BigInteger(Long.toUnsignedString(n));
            BigInteger r = BigInteger.ONE.shiftLeft(64);
            this.one = r.mod(bn).longValue();
            this.r2 = r.multiply(r).mod(bn).longValue();
        }

        long toMontgomery(long x) {
            return multiply(x, r2);
        }

        /** a * b * R^-1 mod n for a, b &lt; n; the "subtracting" REDC, which cannot overflow for any odd n. */
        long multiply(long a, long b) {
            long lo = a * b;
            long m = lo * inv;
            long hi;
            long mh;
            if (small) {
                // n < 2^63, so a, b and n are non-negative longs: the signed high product is the unsigned one,
                // and only m (any 64-bit value) needs the correction. This is the path of every real pq.
                hi = Math.multiplyHigh(a, b);
                mh = Math.multiplyHigh(m, n) + ((m >> 63) & n);
            } else {
                hi = unsignedMultiplyHigh(a, b);
                mh = unsignedMultiplyHigh(m, n);
            }
            long t = hi - mh;
            return Long.compareUnsigned(hi, mh) < 0 ? t + n : t;
        }

        long squarePlus(long y, long c) {
            long s = multiply(y, y) + c;
            return Long.compareUnsigned(s, n) >= 0 || Long.compareUnsigned(s, c) < 0 ? s - n : s;
        }

        long pow(long base, long exponent) {
            long result = one;
            long b = base;
            for (long e = exponent; e != 0; e >>>= 1) {
                if ((e & 1) != 0) {
                    result = multiply(result, b);
                }
                b = multiply(b, b);
            }
            return result;
        }

        /** Deterministic Miller-Rabin: these 12 bases decide primality for every n below 2^64. */
        boolean isPrime() {
            long d = n - 1;
            int s = Long.numberOfTrailingZeros(d);
            d >>>= s;
            long minusOne = n - one;
            for (long a : MILLER_RABIN_BASES) {
                if (Long.compareUnsigned(a, n) >= 0) {
                    continue;
                }
                long x = pow(toMontgomery(a), d);
                if (x == one || x == minusOne) {
                    continue;
                }
                boolean composite = true;
                for (int i = 1; i < s; i++) {
                    x = multiply(x, x);
                    if (x == minusOne) {
                        composite = false;
                        break;
                    }
                }
                if (composite) {
                    return false;
                }
            }
            return true;
        }

        private static long unsignedMultiplyHigh(long a, long b) {
            return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
        }
    }
}
