package io.mtflux.core.crypto;

/**
 * TL {@code bytes} serialization (docs/protocol.md 1.1), needed here only for RSA key fingerprints: a length prefix
 * (one byte below 254, else 0xFE and three little-endian length bytes), the bytes, then zeros to a multiple of 4.
 */
final class TlBytes {

    private TlBytes() {
    }

    static byte[] serialize(byte[] value) {
        int header = value.length < 254 ? 1 : 4;
        int total = (header + value.length + 3) & ~3;
        byte[] out = new byte[total];
        if (header == 1) {
            out[0] = (byte) value.length;
        } else {
            out[0] = (byte) 254;
            out[1] = (byte) value.length;
            out[2] = (byte) (value.length >>> 8);
            out[3] = (byte) (value.length >>> 16);
        }
        System.arraycopy(value, 0, out, header, value.length);
        return out;
    }
}
