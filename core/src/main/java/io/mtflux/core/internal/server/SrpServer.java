package io.mtflux.core.internal.server;

import io.mtflux.core.crypto.BigInts;
import io.mtflux.core.crypto.DhGroup;
import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.SecurityFailure;
import io.mtflux.core.crypto.SrpPasswordHash;
import io.mtflux.core.internal.SrpMath;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The server side of SRP 2FA for the fake DC (docs/protocol.md 7, "Server side"): holds one account's salts, group and
 * verifier v; {@link #challenge} answers account.getPassword with a fresh b and
 * {@code B = (k*v + g^b) mod p}; {@link Challenge#verify} checks auth.checkPassword's A and M1 with
 * {@code S = (A * v^u)^b mod p}, comparing M1 in constant time. Immutable; {@link #toString()} hides v.
 */
public final class SrpServer {

    private final byte[] salt1;
    private final byte[] salt2;
    private final DhGroup group;
    private final byte[] primeBytes;
    private final BigInteger verifier;

    private SrpServer(byte[] salt1, byte[] salt2, DhGroup group, BigInteger verifier) {
        this.salt1 = salt1.clone();
        this.salt2 = salt2.clone();
        this.group = Objects.requireNonNull(group, "group");
        this.primeBytes = group.primeBytes();
        this.verifier = verifier;
    }

    /**
     * An account from its stored verifier (the client's new_password_hash).
     *
     * @param salt1 the stored salt1 (already extended by the client)
     * @param salt2 salt2
     * @param group p and g
     * @param verifier pad(v)
     * @return the server state
     */
    public static SrpServer fromVerifier(byte[] salt1, byte[] salt2, DhGroup group, byte[] verifier) {
        return new SrpServer(salt1, salt2, group, BigInts.fromUnsigned(verifier));
    }

    /**
     * An account seeded with a known password (computes v: one PBKDF2, so CPU-heavy; see
     * {@link SrpPasswordHash#verifierAsync}).
     *
     * @param password the password's UTF-8 bytes
     * @param salt1 salt1
     * @param salt2 salt2
     * @param group p and g
     * @return the server state
     */
    public static SrpServer fromPassword(byte[] password, byte[] salt1, byte[] salt2, DhGroup group) {
        return fromVerifier(salt1, salt2, group, SrpPasswordHash.verifier(password, salt1, salt2, group));
    }

    /** @return salt1 for current_algo */
    public byte[] salt1() {
        return salt1.clone();
    }

    /** @return salt2 for current_algo */
    public byte[] salt2() {
        return salt2.clone();
    }

    /** @return p and g for current_algo */
    public DhGroup group() {
        return group;
    }

    /**
     * Starts one password check: picks b (256 random bytes, again if B = 0) and computes B.
     *
     * @param random the source of b
     * @return the challenge, to be kept under a fresh srp_id until auth.checkPassword
     */
    public Challenge challenge(RandomSource random) {
        BigInteger p = group.prime();
        BigInteger g = BigInteger.valueOf(group.generator());
        BigInteger kv = SrpMath.k(primeBytes, SrpMath.pad(g)).multiply(verifier).mod(p);
        while (true) {
            BigInteger b = BigInts.fromUnsigned(random.bytes(SrpMath.PAD));
            BigInteger bigB = kv.add(g.modPow(b, p)).mod(p);
            if (bigB.signum() != 0) {
                return new Challenge(b, SrpMath.pad(bigB));
            }
        }
    }

    /**
     * {@link #challenge} on {@code Schedulers.parallel()} (one 2048-bit modPow).
     *
     * @param random the source of b
     * @return a cold {@code Mono} of the challenge
     */
    public Mono<Challenge> challengeAsync(RandomSource random) {
        return Mono.fromCallable(() -> challenge(random)).subscribeOn(Schedulers.parallel());
    }

    @Override
    public String toString() {
        return "SrpServer[" + group + "]";
    }

    /** One outstanding password check: the secret b and srp_B. {@link #toString()} hides b. */
    public final class Challenge {

        private final BigInteger b;
        private final byte[] bPad;

        private Challenge(BigInteger b, byte[] bPad) {
            this.b = b;
            this.bPad = bPad;
        }

        /** @return srp_B, always 256 bytes (tdlib rejects shorter than 248) */
        public byte[] srpB() {
            return bPad.clone();
        }

        /**
         * Verifies the client's proof. CPU-heavy (two modPows): run it off the event loop.
         *
         * @param a inputCheckPasswordSRP.A
         * @param m1 inputCheckPasswordSRP.M1
         * @throws MtprotoSecurityException with {@link SecurityFailure#SRP_A_OUT_OF_RANGE},
         *     {@link SecurityFailure#SRP_U_ZERO} or {@link SecurityFailure#SRP_M1_MISMATCH} (PASSWORD_HASH_INVALID)
         */
        public void verify(byte[] a, byte[] m1) {
            BigInteger p = group.prime();
            BigInteger bigA = BigInts.fromUnsigned(a);
            if (bigA.signum() <= 0 || bigA.compareTo(p) >= 0) {
                throw new MtprotoSecurityException(SecurityFailure.SRP_A_OUT_OF_RANGE);
            }
            byte[] aPad = SrpMath.pad(bigA);
            BigInteger u = SrpMath.u(aPad, bPad);
            if (u.signum() == 0) {
                throw new MtprotoSecurityException(SecurityFailure.SRP_U_ZERO);
            }
            BigInteger s = bigA.multiply(verifier.modPow(u, p)).mod(p).modPow(b, p);
            byte[] expected = SrpMath.m1(primeBytes, SrpMath.pad(BigInteger.valueOf(group.generator())), salt1,
                salt2, aPad, bPad, s);
            if (!MessageDigest.isEqual(expected, m1)) {
                Arrays.fill(expected, (byte) 0);
                throw new MtprotoSecurityException(SecurityFailure.SRP_M1_MISMATCH);
            }
        }

        /**
         * {@link #verify} on {@code Schedulers.parallel()}.
         *
         * @param a inputCheckPasswordSRP.A
         * @param m1 inputCheckPasswordSRP.M1
         * @return a cold {@code Mono} that completes empty if the proof is right, else errors with
         *     {@link MtprotoSecurityException}
         */
        public Mono<Void> verifyAsync(byte[] a, byte[] m1) {
            return Mono.<Void>fromRunnable(() -> verify(a, m1)).subscribeOn(Schedulers.parallel());
        }

        @Override
        public String toString() {
            return "SrpServer.Challenge[b=hidden]";
        }
    }
}
