package io.mtflux.core.crypto;

import io.mtflux.core.internal.SrpMath;
import java.math.BigInteger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The client side of SRP 2FA (docs/protocol.md 7; doc api/srp; tdlib PasswordManager.cpp): computes A and M1 for
 * auth.checkPassword from account.password's current_algo, srp_B and the password.
 *
 * <pre>
 * x = int(PH2(password, salt1, salt2));  v = g^x;  k = H(p || pad(g))
 * a = 256 random bytes;  A = g^a;  u = H(pad(A) || pad(B))
 * t = (B - k*v) mod p, non-negative;  S = t^(a + u*x) mod p;  M1 as in {@link SrpMath}
 * </pre>
 *
 * Checks, each an {@link MtprotoSecurityException}: the group must be Telegram's known prime with a valid g
 * (anything else is refused rather than tested, {@link SecurityFailure#SRP_GROUP_REJECTED}); srp_B must be 248..256
 * bytes and 0 &lt; B &lt; p ({@link SecurityFailure#SRP_B_OUT_OF_RANGE}). A random a giving A &lt;= 1 or u = 0 is
 * drawn again. The work is one PBKDF2 with 100000 iterations plus three modPows: use
 * {@link #computeProofAsync} on an event loop.
 */
public final class SrpClient {

    private static final int MAX_ATTEMPTS = 16;

    private SrpClient() {
    }

    /**
     * Computes the proof.
     *
     * @param password the password's UTF-8 bytes
     * @param salt1 current_algo.salt1
     * @param salt2 current_algo.salt2
     * @param generator current_algo.g
     * @param prime current_algo.p, as received
     * @param srpB account.password.srp_B, as received
     * @param random the source of a (256 bytes per attempt)
     * @return A and M1
     */
    public static SrpProof computeProof(byte[] password, byte[] salt1, byte[] salt2, int generator, byte[] prime,
                                        byte[] srpB, RandomSource random) {
        DhGroup group = acceptedGroup(generator, prime);
        BigInteger b = BigInts.fromUnsigned(srpB);
        if (srpB.length < 248 || srpB.length > 256 || b.signum() <= 0 || b.compareTo(group.prime()) >= 0) {
            throw new MtprotoSecurityException(SecurityFailure.SRP_B_OUT_OF_RANGE, "srp_B of " + srpB.length
                + " bytes outside (0, p)");
        }
        byte[] x = SrpPasswordHash.ph2(password, salt1, salt2);
        for (int attempt = 1; ; attempt++) {
            BigInteger a = BigInts.fromUnsigned(random.bytes(SrpMath.PAD));
            try {
                return proof(x, salt1, salt2, generator, prime, srpB, a);
            } catch (MtprotoSecurityException e) {
                if (e.reason() != SecurityFailure.SRP_U_ZERO || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * {@link #computeProof} on {@code Schedulers.parallel()}.
     *
     * @param password the password bytes
     * @param salt1 salt1
     * @param salt2 salt2
     * @param generator g
     * @param prime p
     * @param srpB srp_B
     * @param random the randomness
     * @return a cold {@code Mono} of the proof
     */
    public static Mono<SrpProof> computeProofAsync(byte[] password, byte[] salt1, byte[] salt2, int generator,
                                                   byte[] prime, byte[] srpB, RandomSource random) {
        return Mono.fromCallable(() -> computeProof(password, salt1, salt2, generator, prime, srpB, random))
            .subscribeOn(Schedulers.parallel());
    }

    /**
     * The SRP arithmetic for a given secret a, without the group and B checks (tests use it with the published
     * small-prime vectors). A degenerate A (&lt;= 1) or u = 0 raises {@link SecurityFailure#SRP_U_ZERO} so the
     * caller draws a new a.
     */
    static SrpProof proof(byte[] ph2, byte[] salt1, byte[] salt2, int generator, byte[] primeBytes, byte[] srpB,
                          BigInteger a) {
        BigInteger p = BigInts.fromUnsigned(primeBytes);
        BigInteger g = BigInteger.valueOf(generator);
        BigInteger x = BigInts.fromUnsigned(ph2);
        byte[] gPad = SrpMath.pad(g);
        BigInteger bigA = g.modPow(a, p);
        if (bigA.compareTo(BigInteger.ONE) <= 0) {
            throw new MtprotoSecurityException(SecurityFailure.SRP_U_ZERO, "degenerate A");
        }
        byte[] aPad = SrpMath.pad(bigA);
        byte[] bPad = SrpMath.pad(srpB);
        BigInteger u = SrpMath.u(aPad, bPad);
        if (u.signum() == 0) {
            throw new MtprotoSecurityException(SecurityFailure.SRP_U_ZERO);
        }
        BigInteger kv = SrpMath.k(primeBytes, gPad).multiply(g.modPow(x, p)).mod(p);
        // BigInteger.mod is always non-negative: the spec's "(B - kv) mod p, plus p if negative".
        BigInteger t = BigInts.fromUnsigned(srpB).subtract(kv).mod(p);
        BigInteger s = t.modPow(a.add(u.multiply(x)), p);
        return new SrpProof(aPad, SrpMath.m1(primeBytes, gPad, salt1, salt2, aPad, bPad, s));
    }

    /** The group check shared with {@link NewPasswordHash}: Telegram's prime and a valid generator only. */
    static DhGroup acceptedGroup(int generator, byte[] prime) {
        BigInteger p = BigInts.fromUnsigned(prime);
        if (!p.equals(DhGroup.TELEGRAM.prime())) {
            throw new MtprotoSecurityException(SecurityFailure.SRP_GROUP_REJECTED, "unknown SRP prime");
        }
        try {
            DhChecks.checkGenerator(p, generator);
        } catch (MtprotoSecurityException e) {
            throw new MtprotoSecurityException(SecurityFailure.SRP_GROUP_REJECTED, "invalid g=" + generator);
        }
        return new DhGroup(p, generator);
    }
}
