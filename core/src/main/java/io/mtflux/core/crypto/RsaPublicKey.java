package io.mtflux.core.crypto;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An RSA public key (modulus n, public exponent e) as MTProto uses it: textbook RSA over
 * {@link BigInteger#modPow}, the padding being the caller's business (RSA_PAD or the legacy scheme).
 *
 * <p>The fingerprint (docs/protocol.md 3.6) is SHA1(TL-bytes(n) || TL-bytes(e))[12..20] read as a little-endian
 * signed int64, with n and e as minimal big-endian magnitudes. Immutable.
 */
public final class RsaPublicKey {

    private final BigInteger modulus;
    private final BigInteger exponent;
    private final long fingerprint;

    private RsaPublicKey(BigInteger modulus, BigInteger exponent) {
        this.modulus = modulus;
        this.exponent = exponent;
        byte[] sha1 = Sha.sha1(TlBytes.serialize(BigInts.toMinimalUnsigned(modulus)),
            TlBytes.serialize(BigInts.toMinimalUnsigned(exponent)));
        this.fingerprint = LittleEndian.getLong(sha1, 12);
    }

    /**
     * Creates a key.
     *
     * @param modulus n, positive
     * @param exponent e, positive
     * @return the key
     */
    public static RsaPublicKey of(BigInteger modulus, BigInteger exponent) {
        if (Objects.requireNonNull(modulus, "modulus").signum() <= 0
            || Objects.requireNonNull(exponent, "exponent").signum() <= 0) {
            throw new IllegalArgumentException("RSA modulus and exponent must be positive");
        }
        return new RsaPublicKey(modulus, exponent);
    }

    /**
     * Parses a PEM: PKCS#1 {@code RSA PUBLIC KEY} (Telegram's form) or X.509 {@code PUBLIC KEY}.
     *
     * @param pem the PEM text
     * @return the key
     */
    public static RsaPublicKey fromPem(String pem) {
        return RsaPem.readPublicKey(pem);
    }

    /** @return this key as a PKCS#1 {@code RSA PUBLIC KEY} PEM */
    public String toPem() {
        return RsaPem.writePublicKey(this);
    }

    /** @return n */
    public BigInteger modulus() {
        return modulus;
    }

    /** @return e */
    public BigInteger exponent() {
        return exponent;
    }

    /** @return the MTProto fingerprint, a signed int64 */
    public long fingerprint() {
        return fingerprint;
    }

    /** @return the byte length of the modulus (256 for RSA-2048), which is also the ciphertext length */
    public int modulusLength() {
        return (modulus.bitLength() + 7) / 8;
    }

    /**
     * Textbook RSA: {@code block^e mod n}, as exactly {@link #modulusLength()} big-endian bytes.
     *
     * @param block an unsigned big-endian value below n
     * @return the ciphertext
     * @throws MtprotoSecurityException with {@link SecurityFailure#RSA_VALUE_OUT_OF_RANGE} if block >= n
     */
    public byte[] encrypt(byte[] block) {
        BigInteger m = BigInts.fromUnsigned(block);
        if (m.compareTo(modulus) >= 0) {
            throw new MtprotoSecurityException(SecurityFailure.RSA_VALUE_OUT_OF_RANGE, "block not below modulus");
        }
        return BigInts.toFixedUnsigned(m.modPow(exponent, modulus), modulusLength());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RsaPublicKey other && modulus.equals(other.modulus) && exponent.equals(other.exponent);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fingerprint);
    }

    @Override
    public String toString() {
        return "RsaPublicKey[fingerprint=0x" + Long.toHexString(fingerprint) + ", bits=" + modulus.bitLength() + "]";
    }
}
