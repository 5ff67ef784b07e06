package io.mtflux.core.tl;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes TL values into a growable little-endian byte array. Not thread-safe; create one per message or
 * {@link #reset()} and reuse it on one thread.
 */
public final class TlWriter {
    /** Boxed {@code Vector} constructor id. */
    public static final int VECTOR_ID = 0x1cb5c415;
    /** {@code boolTrue}. */
    public static final int BOOL_TRUE = 0x997275b5;
    /** {@code boolFalse}. */
    public static final int BOOL_FALSE = 0xbc799737;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int MAX_STRING = (1 << 24) - 1;

    private byte[] buf;
    private int pos;

    /** A writer with a 256-byte initial buffer. */
    public TlWriter() {
        this(256);
    }

    /**
     * A writer with the given initial buffer size (at least 16 bytes); the buffer grows as needed.
     *
     * @param initialCapacity the expected size of what will be written
     */
    public TlWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /**
     * Serializes one boxed object into a new array.
     *
     * @param object the value
     * @return its constructor id and fields
     */
    public static byte[] serialize(TlObject object) {
        TlWriter writer = new TlWriter();
        writer.writeObject(object);
        return writer.toByteArray();
    }

    /**
     * Number of bytes written so far.
     *
     * @return the count
     */
    public int size() {
        return pos;
    }

    /** Forgets what was written, keeping the buffer. */
    public void reset() {
        pos = 0;
    }

    /**
     * A copy of the written bytes.
     *
     * @return a new array
     */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /**
     * Copies the written bytes into {@code target}.
     *
     * @param target the buffer to append to
     */
    public void writeTo(ByteBuf target) {
        target.writeBytes(buf, 0, pos);
    }

    private void ensure(int extra) {
        int needed = pos + extra;
        if (needed > buf.length) {
            if (needed < 0) {
                throw new IllegalStateException("TL message larger than 2 GiB");
            }
            buf = Arrays.copyOf(buf, Math.max(needed, buf.length << 1));
        }
    }

    /**
     * Writes a TL {@code int} (4 bytes, little-endian).
     *
     * @param value the value
     */
    public void writeInt(int value) {
        ensure(4);
        INT.set(buf, pos, value);
        pos += 4;
    }

    /**
     * Writes a TL {@code long} (8 bytes, little-endian).
     *
     * @param value the value
     */
    public void writeLong(long value) {
        ensure(8);
        LONG.set(buf, pos, value);
        pos += 8;
    }

    /**
     * Writes a TL {@code double} (an IEEE 754 binary64, little-endian).
     *
     * @param value the value
     */
    public void writeDouble(double value) {
        writeLong(Double.doubleToRawLongBits(value));
    }

    /**
     * Writes a boxed {@code Bool}: {@code boolTrue} or {@code boolFalse}.
     *
     * @param value the value
     */
    public void writeBool(boolean value) {
        writeInt(value ? BOOL_TRUE : BOOL_FALSE);
    }

    /**
     * Writes raw bytes with no length prefix (for int128/int256 and pre-serialized data).
     *
     * @param bytes the source
     * @param offset where the bytes start in {@code bytes}
     * @param length how many to write
     */
    public void writeRaw(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, pos, length);
        pos += length;
    }

    /**
     * Writes a TL {@code int128}.
     *
     * @param value exactly 16 bytes
     * @throws IllegalArgumentException if {@code value} has another length
     */
    public void writeInt128(byte[] value) {
        checkFixed(value, 16, "int128");
        writeRaw(value, 0, 16);
    }

    /**
     * Writes a TL {@code int256}.
     *
     * @param value exactly 32 bytes
     * @throws IllegalArgumentException if {@code value} has another length
     */
    public void writeInt256(byte[] value) {
        checkFixed(value, 32, "int256");
        writeRaw(value, 0, 32);
    }

    private static void checkFixed(byte[] value, int length, String type) {
        if (value.length != length) {
            throw new IllegalArgumentException(type + " needs exactly " + length + " bytes, got " + value.length);
        }
    }

    /**
     * Writes TL {@code string}: UTF-8 encoded, then written as {@code bytes}.
     *
     * @param value the text
     * @throws IllegalArgumentException if its UTF-8 form is longer than 2^24-1 bytes
     */
    public void writeString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeBytes(utf8, 0, utf8.length);
    }

    /**
     * Writes TL {@code bytes}.
     *
     * @param value the payload
     * @throws IllegalArgumentException if it is longer than 2^24-1 bytes
     */
    public void writeBytes(byte[] value) {
        writeBytes(value, 0, value.length);
    }

    /**
     * Writes TL {@code bytes}: a 1-byte length below 254, else 0xfe and a 3-byte length; zero padding to 4 bytes.
     *
     * @param value the source
     * @param offset where the payload starts in {@code value}
     * @param length the payload's length
     * @throws IllegalArgumentException if {@code length} is more than 2^24-1
     */
    public void writeBytes(byte[] value, int offset, int length) {
        if (length > MAX_STRING) {
            throw new IllegalArgumentException("TL bytes/string longer than 2^24-1 bytes: " + length);
        }
        int header = length < 254 ? 1 : 4;
        int padding = (4 - ((header + length) & 3)) & 3;
        ensure(header + length + padding);
        if (header == 1) {
            buf[pos++] = (byte) length;
        } else {
            INT.set(buf, pos, 0xfe | (length << 8));
            pos += 4;
        }
        System.arraycopy(value, offset, buf, pos, length);
        pos += length;
        for (int i = 0; i < padding; i++) {
            buf[pos++] = 0;
        }
    }

    /**
     * Writes a boxed object: constructor id, then fields.
     *
     * @param value the object
     */
    public void writeObject(TlObject value) {
        value.serialize(this);
    }

    /**
     * Writes the header of a boxed {@code Vector}: its constructor id and the element count.
     *
     * @param count the number of elements that will follow
     */
    public void writeVectorHeader(int count) {
        writeInt(VECTOR_ID);
        writeInt(count);
    }

    /**
     * Writes a boxed {@code Vector} whose elements are written by {@code element}.
     *
     * @param <T> the element type
     * @param values the elements
     * @param element writes one element
     */
    public <T> void writeVector(List<? extends T> values, ElementWriter<T> element) {
        writeVectorHeader(values.size());
        for (T value : values) {
            element.write(this, value);
        }
    }

    /**
     * Writes a bare {@code vector}: the count, then the elements.
     *
     * @param <T> the element type
     * @param values the elements
     * @param element writes one element
     */
    public <T> void writeBareVector(List<? extends T> values, ElementWriter<T> element) {
        writeInt(values.size());
        for (T value : values) {
            element.write(this, value);
        }
    }

    /**
     * Writes one vector element.
     *
     * @param <T> the element type
     */
    @FunctionalInterface
    public interface ElementWriter<T> {
        /**
         * Writes one element.
         *
         * @param writer where to write
         * @param value the element
         */
        void write(TlWriter writer, T value);
    }
}
