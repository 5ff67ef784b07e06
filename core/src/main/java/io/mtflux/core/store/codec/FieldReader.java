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

    /**
     * A reader at the start of {@code data}.
     *
     * @param format the format's name, for errors
     * @param data the bytes, not copied
     * @param order the byte order of multi-byte numbers
     */
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

    /**
     * Reads an unsigned byte.
     *
     * @param what the field, for errors
     * @return 0 to 255
     * @throws SessionFormatException if no byte is left
     */
    public int u8(String what) {
        need(1, what);
        return b.get() & 0xFF;
    }

    /**
     * Reads an unsigned 16-bit number.
     *
     * @param what the field, for errors
     * @return 0 to 65535
     * @throws SessionFormatException if fewer than 2 bytes are left
     */
    public int u16(String what) {
        need(2, what);
        return b.getShort() & 0xFFFF;
    }

    /**
     * Reads a signed 32-bit number.
     *
     * @param what the field, for errors
     * @return the number
     * @throws SessionFormatException if fewer than 4 bytes are left
     */
    public int i32(String what) {
        need(4, what);
        return b.getInt();
    }

    /**
     * Reads a signed 64-bit number.
     *
     * @param what the field, for errors
     * @return the number
     * @throws SessionFormatException if fewer than 8 bytes are left
     */
    public long i64(String what) {
        need(8, what);
        return b.getLong();
    }

    /**
     * {@code n} raw bytes.
     *
     * @param n how many
     * @param what the field, for errors
     * @return a new array
     * @throws SessionFormatException if fewer than {@code n} bytes are left
     */
    public byte[] bytes(int n, String what) {
        need(n, what);
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    /**
     * A TL {@code bytes} value: a 1- or 4-byte length, the bytes, padding to 4.
     *
     * @param what the field, for errors
     * @return the payload
     * @throws SessionFormatException if the length is invalid or runs past the end
     */
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

    /**
     * A TL {@code string} value (UTF-8 in TL bytes).
     *
     * @param what the field, for errors
     * @return the text
     * @throws SessionFormatException if the length is invalid or runs past the end
     */
    public String tlString(String what) {
        return new String(tlBytes(what), StandardCharsets.UTF_8);
    }

    /** {@return the format's name, for errors the caller raises about what it read} */
    public String format() {
        return format;
    }

    /**
     * {@return the offset of the next byte}
     */
    public int position() {
        return b.position();
    }

    /**
     * {@return the bytes not read yet}
     */
    public int remaining() {
        return b.remaining();
    }
}
