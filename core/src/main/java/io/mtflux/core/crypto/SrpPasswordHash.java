package io.mtflux.core.crypto;

import java.math.BigInteger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The password hashing of {@code passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow}
 * (docs/protocol.md 7), with H = SHA-256:
 *
 * <pre>
 * SH(data, salt)  = H(salt || data || salt)
 * PH1(pw, s1, s2) = SH(SH(pw, s1), s2)
 * PH2(pw, s1, s2) = SH(PBKDF2-HMAC-SHA512(PH1(pw, s1, s2), s1, 100000 iterations, 64 bytes), s2)
 * x = int(PH2);  v = g^x mod p
 * </pre>
 *
 * The PBKDF2 step dominates (about a hundred milliseconds): callers on an event loop use the async variants.
 */
public final class SrpPasswordHash {

    /** PBKDF2 iterations fixed by the algorithm. */
    public static final int ITERATIONS = 100_000;

    private SrpPasswordHash() {
    }

    /**
     * PH2, the 32-byte password hash whose integer value is x.
     *
     * @param password the password's UTF-8 bytes
     * @param salt1 current_algo.salt1
     * @param salt2 current_algo.salt2
     * @return PH2
     */
    public static byte[] ph2(byte[] password, byte[] salt1, byte[] salt2) {
        byte[] ph1 = ph1(password, salt1, salt2);
        byte[] derived = Pbkdf2.hmacSha512(ph1, salt1, ITERATIONS, 64);
        return sh(derived, salt2);
    }

    /**
     * PH1 (no PBKDF2).
     *
     * @param password the password's UTF-8 bytes
     * @param salt1 salt1
     * @param salt2 salt2
     * @return PH1
     */
    public static byte[] ph1(byte[] password, byte[] salt1, byte[] salt2) {
        return sh(sh(password, salt1), salt2);
    }

    /**
     * The verifier v = g^x mod p as 256 bytes: what the server stores, and the {@code new_password_hash} a client
     * sends in account.updatePasswordSettings.
     *
     * @param password the password's UTF-8 bytes
     * @param salt1 salt1 (for a new password: the server's new_algo.salt1 extended by the client, see
     *     {@link NewPasswordHash})
     * @param salt2 salt2
     * @param group p and g
     * @return pad(v)
     */
    public static byte[] verifier(byte[] password, byte[] salt1, byte[] salt2, DhGroup group) {
        BigInteger x = BigInts.fromUnsigned(ph2(password, salt1, salt2));
        return BigInts.toFixedUnsigned(BigInteger.valueOf(group.generator()).modPow(x, group.prime()), 256);
    }

    /**
     * {@link #verifier} on {@code Schedulers.parallel()}.
     *
     * @param password the password bytes
     * @param salt1 salt1
     * @param salt2 salt2
     * @param group p and g
     * @return a cold {@code Mono} of pad(v)
     */
    public static Mono<byte[]> verifierAsync(byte[] password, byte[] salt1, byte[] salt2, DhGroup group) {
        return Mono.fromCallable(() -> verifier(password, salt1, salt2, group)).subscribeOn(Schedulers.parallel());
    }

    static byte[] sh(byte[] data, byte[] salt) {
        return Sha.sha256(salt, data, salt);
    }
}
