package io.mtflux.core.crypto;

/**
 * The factorization pq = p * q with p &lt;= q, values treated as unsigned 64-bit integers (docs/protocol.md 3.1
 * step 3). p and q travel as minimal big-endian TL {@code bytes}.
 *
 * @param p the smaller factor
 * @param q the larger factor
 */
public record PqFactors(long p, long q) {

    /** @return p as a minimal unsigned big-endian byte string (4 bytes for real pq) */
    public byte[] pBytes() {
        return minimal(p);
    }

    /** @return q as a minimal unsigned big-endian byte string */
    public byte[] qBytes() {
        return minimal(q);
    }

    /**
     * Writes an unsigned 64-bit value as its minimal big-endian magnitude (at least one byte).
     *
     * @param value the value, unsigned
     * @return the bytes
     */
    public static byte[] minimal(long value) {
        int length = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 7) / 8);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[length - 1 - i] = (byte) (value >>> (8 * i));
        }
        return out;
    }
}
