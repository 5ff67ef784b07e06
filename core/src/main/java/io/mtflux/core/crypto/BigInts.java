package io.mtflux.core.crypto;

import java.math.BigInteger;

/**
 * Conversions between {@link BigInteger} and the unsigned big-endian byte strings MTProto sends big numbers as
 * (docs/protocol.md conventions: pq, p, q, dh_prime, g_a, g_b, RSA and SRP values).
 */
public final class BigInts {

    private BigInts() {
    }

    /**
     * Reads an unsigned big-endian magnitude.
     *
     * @param bytes the magnitude, any length (empty means zero)
     * @return the non-negative value
     */
    public static BigInteger fromUnsigned(byte[] bytes) {
        return new BigInteger(1, bytes);
    }

    /**
     * Reads an unsigned big-endian magnitude from part of an array.
     *
     * @param bytes the array
     * @param offset where the magnitude starts
     * @param length its length
     * @return the non-negative value
     */
    public static BigInteger fromUnsigned(byte[] bytes, int offset, int length) {
        return new BigInteger(1, bytes, offset, length);
    }

    /**
     * Writes a non-negative value as its minimal unsigned big-endian magnitude (no sign byte; zero is one
     * zero byte), the form pq, p, q and g_b travel in.
     *
     * @param value a non-negative value
     * @return the magnitude
     */
    public static byte[] toMinimalUnsigned(BigInteger value) {
        requireNonNegative(value);
        byte[] raw = value.toByteArray();
        if (raw.length > 1 && raw[0] == 0) {
            byte[] out = new byte[raw.length - 1];
            System.arraycopy(raw, 1, out, 0, out.length);
            return out;
        }
        return raw;
    }

    /**
     * Writes a non-negative value as exactly {@code length} unsigned big-endian bytes, left-padded with zeros
     * (the auth_key, RSA blocks and SRP's {@code pad()}).
     *
     * @param value a non-negative value below 2^(8*length)
     * @param length the output length
     * @return the padded magnitude
     * @throws IllegalArgumentException if the value does not fit
     */
    public static byte[] toFixedUnsigned(BigInteger value, int length) {
        requireNonNegative(value);
        byte[] raw = value.toByteArray();
        int start = raw.length > 1 && raw[0] == 0 ? 1 : 0;
        int significant = raw.length - start;
        if (significant > length) {
            throw new IllegalArgumentException("value does not fit in " + length + " bytes");
        }
        if (start == 0 && significant == length) {
            return raw;
        }
        byte[] out = new byte[length];
        System.arraycopy(raw, start, out, length - significant, significant);
        return out;
    }

    private static void requireNonNegative(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("negative value");
        }
    }
}
