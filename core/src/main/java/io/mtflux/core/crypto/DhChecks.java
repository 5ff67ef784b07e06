package io.mtflux.core.crypto;

import java.math.BigInteger;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The checks on Diffie-Hellman parameters of docs/protocol.md 3.4 (doc auth_key and security_guidelines; tdlib
 * DhHandshake.cpp), used by both halves of the key exchange and by SRP:
 *
 * <ul>
 *   <li>dh_prime is a 2048-bit safe prime: p and (p-1)/2 both prime. Telegram's known prime passes at once;
 *   any other prime costs two probabilistic primality tests (tens of milliseconds), after which it is
 *   remembered.</li>
 *   <li>g is in 2..7 and generates the subgroup of order (p-1)/2, decided by quadratic reciprocity.</li>
 *   <li>g_a and g_b lie in [2^(2048-64), p - 2^(2048-64)], which implies 1 &lt; g_x &lt; p-1.</li>
 * </ul>
 */
public final class DhChecks {

    /** Miller-Rabin plus Lucas test certainty; the JDK turns it into rounds by size. */
    private static final int CERTAINTY = 64;
    private static final int MAX_CACHED_PRIMES = 64;
    private static final BigInteger SAFETY_MARGIN = BigInteger.ONE.shiftLeft(2048 - 64);
    private static final Set<BigInteger> VERIFIED_SAFE_PRIMES = ConcurrentHashMap.newKeySet();

    static {
        VERIFIED_SAFE_PRIMES.add(DhGroup.TELEGRAM.prime());
    }

    private DhChecks() {
    }

    /**
     * Checks p and g. Fast for Telegram's prime and previously verified primes; otherwise CPU-heavy: see
     * {@link #checkGroupAsync}.
     *
     * @param prime dh_prime
     * @param generator g
     * @throws MtprotoSecurityException with {@link SecurityFailure#DH_PRIME_INVALID} or
     *     {@link SecurityFailure#DH_GENERATOR_INVALID}
     */
    public static void checkGroup(BigInteger prime, int generator) {
        checkPrime(prime);
        checkGenerator(prime, generator);
    }

    /**
     * {@link #checkGroup} on {@code Schedulers.parallel()}.
     *
     * @param prime dh_prime
     * @param generator g
     * @return a cold {@code Mono} that completes empty when the group is valid
     */
    public static Mono<Void> checkGroupAsync(BigInteger prime, int generator) {
        return Mono.<Void>fromRunnable(() -> checkGroup(prime, generator)).subscribeOn(Schedulers.parallel());
    }

    /**
     * Whether a prime is Telegram's or was verified before, i.e. whether {@link #checkGroup} is cheap for it.
     *
     * @param prime a candidate
     * @return true if no primality test is needed
     */
    public static boolean isKnownSafePrime(BigInteger prime) {
        return VERIFIED_SAFE_PRIMES.contains(prime);
    }

    /**
     * Checks that p is a 2048-bit safe prime.
     *
     * @param prime dh_prime
     * @throws MtprotoSecurityException with {@link SecurityFailure#DH_PRIME_INVALID}
     */
    public static void checkPrime(BigInteger prime) {
        if (VERIFIED_SAFE_PRIMES.contains(prime)) {
            return;
        }
        if (prime.signum() <= 0 || prime.bitLength() != 2048) {
            throw new MtprotoSecurityException(SecurityFailure.DH_PRIME_INVALID,
                "dh_prime has " + prime.bitLength() + " bits, not 2048");
        }
        if (!prime.isProbablePrime(CERTAINTY)) {
            throw new MtprotoSecurityException(SecurityFailure.DH_PRIME_INVALID, "dh_prime is not prime");
        }
        if (!prime.shiftRight(1).isProbablePrime(CERTAINTY)) {
            throw new MtprotoSecurityException(SecurityFailure.DH_PRIME_INVALID, "(dh_prime-1)/2 is not prime");
        }
        if (VERIFIED_SAFE_PRIMES.size() < MAX_CACHED_PRIMES) {
            VERIFIED_SAFE_PRIMES.add(prime);
        }
    }

    /**
     * Checks that g generates the subgroup of order (p-1)/2 of a safe prime p (quadratic-residue rules:
     * g=2: p mod 8 = 7; g=3: p mod 3 = 2; g=4: always; g=5: p mod 5 in {1,4}; g=6: p mod 24 in {19,23};
     * g=7: p mod 7 in {3,5,6}). Any other g is rejected.
     *
     * @param prime a safe prime
     * @param generator g
     * @throws MtprotoSecurityException with {@link SecurityFailure#DH_GENERATOR_INVALID}
     */
    public static void checkGenerator(BigInteger prime, int generator) {
        boolean ok = switch (generator) {
            case 2 -> mod(prime, 8) == 7;
            case 3 -> mod(prime, 3) == 2;
            case 4 -> true;
            case 5 -> {
                int r = mod(prime, 5);
                yield r == 1 || r == 4;
            }
            case 6 -> {
                int r = mod(prime, 24);
                yield r == 19 || r == 23;
            }
            case 7 -> {
                int r = mod(prime, 7);
                yield r == 3 || r == 5 || r == 6;
            }
            default -> false;
        };
        if (!ok) {
            throw new MtprotoSecurityException(SecurityFailure.DH_GENERATOR_INVALID, "g=" + generator
                + " is not a valid generator for this dh_prime");
        }
    }

    /**
     * Checks a public value g_a or g_b: {@code 2^(2048-64) <= value <= p - 2^(2048-64)}.
     *
     * @param value g_a or g_b
     * @param prime dh_prime
     * @throws MtprotoSecurityException with {@link SecurityFailure#DH_VALUE_OUT_OF_RANGE}
     */
    public static void checkPublicValue(BigInteger value, BigInteger prime) {
        if (value.compareTo(BigInteger.ONE) <= 0 || value.compareTo(prime.subtract(BigInteger.ONE)) >= 0
            || value.compareTo(SAFETY_MARGIN) < 0 || value.compareTo(prime.subtract(SAFETY_MARGIN)) > 0) {
            throw new MtprotoSecurityException(SecurityFailure.DH_VALUE_OUT_OF_RANGE,
                "public DH value outside [2^1984, p - 2^1984]");
        }
    }

    private static int mod(BigInteger value, int m) {
        return value.mod(BigInteger.valueOf(m)).intValue();
    }
}
