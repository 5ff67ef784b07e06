package io.mtflux.core.store.codec;

import io.mtflux.core.store.SessionFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked reader of a stored session's bytes: every read names its field, so running out of data is a
 * {@link SessionFormatException} that says which format, where and which field ("truncated at byte 40: auth key
 * needs 256 bytes, 12 left"). Big-endian for mtflux's own codec, little-endian for TL-based formats.
 *
 * <p>Not API: public only so that {@code io.mtflux.core.store.importers} can share it with this package's codecs;
 * it may change or disappear without notice.
 */
public final class FieldReader {
    private final String format;
    private final ByteBuffer b;

    public FieldReader(String format, byte[] data, ByteOrder order) {
        this.format = format;
        this.b = ByteBuffer.wrap(data).order(order);
    }

    private void need(int n, String what) {
        if (b.remaining() < n) {
            throw new SessionFormatException(format, "truncated at byte " + b.position() + ": " + what + " needs "
                + n + " bytes, " + b.remaining() + " left");
        }
    }

    public int u8(String what) {
        need(1, what);
        return b.get() & 0xFF;
    }

    public int u16(String what) {
        need(2, what);
        return b.getShort() & 0xFFFF;
    }

    public int i32(String what) {
        need(4, what);
        return b.getInt();
    }

    public long i64(String what) {
        need(8, what);
        return b.getLong();
    }

    /** {@code n} raw bytes. */
    public byte[] bytes(int n, String what) {
        need(n, what);
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    /** A TL {@code bytes} value: a 1- or 4-byte length, the bytes, padding to 4. */
    public byte[] tlBytes(String what) {
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
    public String tlString(String what) {
        return new String(tlBytes(what), StandardCharsets.UTF_8);
    }

    /** The format's name, for errors the caller raises about what it read. */
    public String format() {
        return format;
    }

    public int position() {
        return b.position();
    }

    public int remaining() {
        return b.remaining();
    }
}
