package io.mtflux.core.internal;

import io.mtflux.core.crypto.BigInts;
import io.mtflux.core.crypto.Sha;
import java.math.BigInteger;

/**
 * The shared formulas of SRP as Telegram uses it (docs/protocol.md 7), H = SHA-256, pad() = 256-byte big-endian:
 * <pre>
 * k  = H(p || pad(g))                 u = H(pad(A) || pad(B))
 * M1 = H((H(p) XOR H(pad(g))) || H(salt1) || H(salt2) || pad(A) || pad(B) || K),   K = H(pad(S))
 * </pre>
 * p is hashed as the exact bytes received in current_algo.p.
 */
public final class SrpMath {

    /**
     * The width of pad(): 256 bytes, the size of the 2048-bit prime.
     */
    public static final int PAD = 256;

    private SrpMath() {
    }

    /**
     * pad() of a number.
     *
     * @param value a non-negative number below 2^2048
     * @return its 256-byte big-endian form
     */
    public static byte[] pad(BigInteger value) {
        return BigInts.toFixedUnsigned(value, PAD);
    }

    /**
     * pad() of an unsigned big-endian number.
     *
     * @param unsigned the number's bytes
     * @return its 256-byte big-endian form
     */
    public static byte[] pad(byte[] unsigned) {
        return pad(BigInts.fromUnsigned(unsigned));
    }

    /**
     * k = H(p || pad(g)).
     *
     * @param primeBytes p as received
     * @param gPad pad(g)
     * @return k
     */
    public static BigInteger k(byte[] primeBytes, byte[] gPad) {
        return BigInts.fromUnsigned(Sha.sha256(primeBytes, gPad));
    }

    /**
     * u = H(pad(A) || pad(B)).
     *
     * @param aPad pad(A)
     * @param bPad pad(B)
     * @return u
     */
    public static BigInteger u(byte[] aPad, byte[] bPad) {
        return BigInts.fromUnsigned(Sha.sha256(aPad, bPad));
    }

    /**
     * M1, the client's proof.
     *
     * @param primeBytes p as received
     * @param gPad pad(g)
     * @param salt1 the algorithm's salt1
     * @param salt2 the algorithm's salt2
     * @param aPad pad(A)
     * @param bPad pad(B)
     * @param s the shared secret S
     * @return M1, 32 bytes
     */
    public static byte[] m1(byte[] primeBytes, byte[] gPad, byte[] salt1, byte[] salt2, byte[] aPad, byte[] bPad,
                     BigInteger s) {
        byte[] hp = Sha.sha256(primeBytes);
        byte[] hg = Sha.sha256(gPad);
        for (int i = 0; i < hp.length; i++) {
            hp[i] ^= hg[i];
        }
        byte[] sessionKey = Sha.sha256(pad(s));
        return Sha.sha256(hp, Sha.sha256(salt1), Sha.sha256(salt2), aPad, bPad, sessionKey);
    }
}
