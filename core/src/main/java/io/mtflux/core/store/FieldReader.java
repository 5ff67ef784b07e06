package io.mtflux.core.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked reader of a stored session's bytes: every read names its field, so running out of data is a
 * {@link SessionFormatException} that says which format, where and which field ("truncated at byte 40: auth key
 * needs 256 bytes, 12 left"). Big-endian for mtflux's own codec, little-endian for TL-based formats.
 */
final class FieldReader {
    private final String format;
    private final ByteBuffer b;

    FieldReader(String format, byte[] data, ByteOrder order) {
        this.format = format;
        this.b = ByteBuffer.wrap(data).order(order);
    }

    private void need(int n, String what) {
        if (b.remaining() < n) {
            throw new SessionFormatException(format, "truncated at byte " + b.position() + ": " + what + " needs "
                + n + " bytes, " + b.remaining() + " left");
        }
    }

    int u8(String what) {
        need(1, what);
        return b.get() & 0xFF;
    }

    int u16(String what) {
        need(2, what);
        return b.getShort() & 0xFFFF;
    }

    int i32(String what) {
        need(4, what);
        return b.getInt();
    }

    long i64(String what) {
        need(8, what);
        return b.getLong();
    }

    /** {@code n} raw bytes. */
    byte[] bytes(int n, String what) {
        need(n, what);
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    /** A TL {@code bytes} value: a 1- or 4-byte length, the bytes, padding to 4. */
    byte[] tlBytes(String what) {
        int header = 1;
        int length = u8(what + " length");
        if (length == 254) {
            need(3, what + " length");
            length = (b.get() & 0xFF) | (b.get() & 0xFF) << 8 | (b.get() & 0xFF) << 16;
            header = 4;
        } else if (length == 255) {
            throw new SessionFormatException(format, what + " has an invalid length byte 255");
        }
        byte[] out = bytes(length, what);
        int pad = (4 - (header + length) % 4) % 4;
        b.position(b.position() + Math.min(pad, b.remaining()));
        return out;
    }

    /** A TL {@code string} value (UTF-8 in TL bytes). */
    String tlString(String what) {
        return new String(tlBytes(what), StandardCharsets.UTF_8);
    }

    /** The format's name, for errors the caller raises about what it read. */
    String format() {
        return format;
    }

    int position() {
        return b.position();
    }

    int remaining() {
        return b.remaining();
    }
}
