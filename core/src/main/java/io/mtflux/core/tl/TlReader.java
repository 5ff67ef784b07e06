package io.mtflux.core.tl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads TL values from a little-endian byte array. Every length and count is checked against the bytes that are
 * really left before anything is allocated, so hostile input ends in a {@link TlDecodeException}, never in an
 * {@code OutOfMemoryError}, an index error or a hang. Not thread-safe.
 */
public final class TlReader {
    /** {@code gzip_packed#3072cfa1 packed_data:bytes = Object}. */
    public static final int GZIP_PACKED_ID = 0x3072cfa1;
    /** Default maximum nesting of boxed objects. */
    public static final int DEFAULT_MAX_DEPTH = 64;
    /** Default limit for the inflated size of one {@code gzip_packed} payload: 16 MiB. */
    public static final int DEFAULT_MAX_INFLATED = 16 << 20;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] buf;
    private final int start;
    private final int limit;
    /** Offset of {@code buf[start]} in the outermost input, so nested (gzip) readers report useful offsets. */
    private final int baseOffset;
    private final int maxDepth;
    private final int maxInflated;
    private int pos;
    private int depth;
    /** The constructor ids of the values being decoded, by nesting depth (index 0 unused). */
    private int[] constructors;
    private static final int INITIAL_NESTING = 8;

    /**
     * A reader over the whole array, with the default limits.
     *
     * @param bytes the input; not copied, and must not change while it is read
     */
    public TlReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    /**
     * A reader over a range of the array, with the default limits; offsets it reports count from {@code offset}.
     *
     * @param bytes the input; not copied, and must not change while it is read
     * @param offset where the range starts
     * @param length the range's length
     * @throws IllegalArgumentException if the range is outside the array
     */
    public TlReader(byte[] bytes, int offset, int length) {
        this(bytes, offset, length, 0, DEFAULT_MAX_DEPTH, DEFAULT_MAX_INFLATED, 0, new int[INITIAL_NESTING]);
    }

    private TlReader(byte[] bytes, int offset, int length, int baseOffset, int maxDepth, int maxInflated,
                     int depth, int[] constructors) {
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside array of "
                + bytes.length);
        }
        this.buf = bytes;
        this.start = offset;
        this.pos = offset;
        this.limit = offset + length;
        this.baseOffset = baseOffset;
        this.maxDepth = maxDepth;
        this.maxInflated = maxInflated;
        this.depth = depth;
        this.constructors = constructors;
    }

    /**
     * A reader over the bytes not read yet, with other limits for nesting depth and inflated gzip size.
     *
     * @param maxDepth the deepest nesting of boxed objects allowed, at least 1
     * @param maxInflatedBytes the largest inflated size of one {@code gzip_packed} payload
     * @return the new reader; this one is left where it is
     * @throws IllegalArgumentException if a limit is out of range
     */
    public TlReader withLimits(int maxDepth, int maxInflatedBytes) {
        if (maxDepth < 1 || maxInflatedBytes < 0) {
            throw new IllegalArgumentException("maxDepth must be >= 1 and maxInflatedBytes >= 0");
        }
        return new TlReader(buf, pos, limit - pos, offset(), maxDepth, maxInflatedBytes, depth,
            java.util.Arrays.copyOf(constructors, Math.max(depth + 2, Math.min(INITIAL_NESTING, maxDepth + 2))));
    }

    /**
     * Bytes not read yet.
     *
     * @return the count
     */
    public int remaining() {
        return limit - pos;
    }

    /**
     * The current offset from the start of the outermost input.
     *
     * @return the offset
     */
    public int offset() {
        return baseOffset + (pos - start);
    }

    /** Fails with a {@link TlDecodeException} unless every byte has been read. */
    public void expectEnd() {
        if (pos != limit) {
            throw error("trailing garbage: " + (limit - pos) + " bytes after the value");
        }
    }

    /**
     * Builds an error at the current position, naming the innermost constructor being decoded.
     *
     * @param problem what is wrong
     * @return the exception, for the caller to throw
     */
    public TlDecodeException error(String problem) {
        return new TlDecodeException(problem, offset(), depth == 0 ? 0 : constructors[depth]);
    }

    private void need(int n) {
        if (limit - pos < n) {
            throw error("unexpected end of input: need " + n + " bytes, " + (limit - pos) + " left");
        }
    }

    // ---- nesting bookkeeping, called by generated readers around each boxed value ----

    /**
     * Enters a boxed value whose constructor id was just read; fails when nesting exceeds the limit, reporting the
     * offset of that id.
     *
     * @param constructorId the id just read
     * @throws TlDecodeException if the value would nest deeper than the limit
     */
    public void enter(int constructorId) {
        if (depth >= maxDepth) {
            throw new TlDecodeException("nesting deeper than " + maxDepth + " objects (next constructor "
                + TlDecodeException.hex(constructorId) + ")", offset() - 4, constructors[depth]);
        }
        if (depth + 1 >= constructors.length) {
            // grown on demand: most messages nest a few levels, and a reader is made per message
            constructors = java.util.Arrays.copyOf(constructors, Math.min(maxDepth + 2, constructors.length * 2));
        }
        constructors[++depth] = constructorId;
    }

    /** Leaves the value entered last. */
    public void exit() {
        depth--;
    }

    // ---- base types ----

    /**
     * Reads a TL {@code int} (4 bytes, little-endian).
     *
     * @return the value
     * @throws TlDecodeException if fewer than 4 bytes are left
     */
    public int readInt() {
        need(4);
        int v = (int) INT.get(buf, pos);
        pos += 4;
        return v;
    }

    /**
     * The next int, without consuming it.
     *
     * @return the value
     * @throws TlDecodeException if fewer than 4 bytes are left
     */
    public int peekInt() {
        need(4);
        return (int) INT.get(buf, pos);
    }

    /**
     * The next int without consuming it, or {@code fallback} when fewer than 4 bytes are left.
     *
     * @param fallback the answer at the end of the input
     * @return the value or {@code fallback}
     */
    public int peekIntOr(int fallback) {
        return limit - pos < 4 ? fallback : (int) INT.get(buf, pos);
    }

    /**
     * Reads a TL {@code long} (8 bytes, little-endian).
     *
     * @return the value
     * @throws TlDecodeException if fewer than 8 bytes are left
     */
    public long readLong() {
        need(8);
        long v = (long) LONG.get(buf, pos);
        pos += 8;
        return v;
    }

    /**
     * Reads a TL {@code double} (an IEEE 754 binary64, little-endian).
     *
     * @return the value
     * @throws TlDecodeException if fewer than 8 bytes are left
     */
    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    /**
     * Reads a boxed {@code Bool}: {@code boolTrue} or {@code boolFalse}.
     *
     * @return the value
     * @throws TlDecodeException if the next constructor is neither
     */
    public boolean readBool() {
        int id = readInt();
        if (id == TlWriter.BOOL_TRUE) {
            return true;
        }
        if (id == TlWriter.BOOL_FALSE) {
            return false;
        }
        pos -= 4;
        throw error("expected Bool, got constructor " + TlDecodeException.hex(id));
    }

    /**
     * Reads a TL {@code int128}.
     *
     * @return 16 new bytes
     * @throws TlDecodeException if fewer than 16 bytes are left
     */
    public byte[] readInt128() {
        return readRaw(16);
    }

    /**
     * Reads a TL {@code int256}.
     *
     * @return 32 new bytes
     * @throws TlDecodeException if fewer than 32 bytes are left
     */
    public byte[] readInt256() {
        return readRaw(32);
    }

    /**
     * Reads {@code n} raw bytes.
     *
     * @param n how many
     * @return a new array of {@code n} bytes
     * @throws TlDecodeException if fewer than {@code n} bytes are left
     */
    public byte[] readRaw(int n) {
        need(n);
        byte[] v = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return v;
    }

    /**
     * Reads TL {@code bytes}: a length header, the payload and its padding.
     *
     * @return the payload, a new array
     * @throws TlDecodeException if the header is invalid or the payload runs past the end
     */
    public byte[] readBytes() {
        int length = readLengthPrefix();
        byte[] v = Arrays.copyOfRange(buf, pos, pos + length);
        skipPayload(length);
        return v;
    }

    /**
     * Reads TL {@code string}, decoded as UTF-8 (malformed sequences become U+FFFD, as the JDK decoder does).
     *
     * @return the text
     * @throws TlDecodeException if the header is invalid or the payload runs past the end
     */
    public String readString() {
        int length = readLengthPrefix();
        String v = new String(buf, pos, length, StandardCharsets.UTF_8);
        skipPayload(length);
        return v;
    }

    /** Reads the 1- or 4-byte length header and checks that the payload and its padding are present. */
    private int readLengthPrefix() {
        need(1);
        int first = buf[pos] & 0xff;
        int length;
        int header;
        if (first < 254) {
            length = first;
            header = 1;
        } else if (first == 254) {
            need(4);
            length = ((int) INT.get(buf, pos)) >>> 8;
            header = 4;
        } else {
            throw error("invalid bytes/string length marker 0xff");
        }
        int total = (header + length + 3) & ~3;
        if (limit - pos < total) {
            throw error("bytes/string of length " + length + " runs past the end (" + (limit - pos)
                + " bytes left)");
        }
        pos += header;
        return length;
    }

    private void skipPayload(int length) {
        int header = length < 254 ? 1 : 4;
        pos += length + ((4 - ((header + length) & 3)) & 3);
    }

    // ---- vectors ----

    /**
     * Reads the boxed vector header (its constructor id and count) and checks the count against the bytes left.
     *
     * @return the element count
     * @throws TlDecodeException if the id is not {@code Vector}'s or the count cannot fit in the bytes left
     */
    public int readVectorHeader() {
        int id = readInt();
        if (id != TlWriter.VECTOR_ID) {
            pos -= 4;
            throw error("expected Vector " + TlDecodeException.hex(TlWriter.VECTOR_ID) + ", got "
                + TlDecodeException.hex(id));
        }
        return readBareVectorCount();
    }

    /**
     * Reads the count of a bare vector; every element takes at least 4 bytes, so larger counts are rejected.
     *
     * @return the element count
     * @throws TlDecodeException if the count is negative or cannot fit in the bytes left
     */
    public int readBareVectorCount() {
        int count = readInt();
        if (count < 0 || count > (limit - pos) / 4) {
            pos -= 4;
            throw error("vector count " + Integer.toUnsignedString(count) + " exceeds the " + (limit - pos - 4)
                + " bytes left");
        }
        return count;
    }

    /**
     * Reads a boxed {@code Vector} whose elements are read by {@code element}.
     *
     * @param <T> the element type
     * @param element reads one element
     * @return the elements, in order
     * @throws TlDecodeException if the header or an element is invalid
     */
    public <T> List<T> readVector(ElementReader<? extends T> element) {
        return readElements(readVectorHeader(), element);
    }

    /**
     * Reads a bare {@code vector}: the count, then the elements.
     *
     * @param <T> the element type
     * @param element reads one element
     * @return the elements, in order
     * @throws TlDecodeException if the count or an element is invalid
     */
    public <T> List<T> readBareVector(ElementReader<? extends T> element) {
        return readElements(readBareVectorCount(), element);
    }

    private <T> List<T> readElements(int count, ElementReader<? extends T> element) {
        List<T> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(element.read(this));
        }
        return list;
    }

    // ---- objects ----

    /**
     * Reads any boxed object known to the schemas (API and MTProto), unpacking {@code gzip_packed}.
     *
     * @return the object
     * @throws TlDecodeException if the constructor is unknown or its fields are invalid
     */
    public TlObject readObject() {
        int id = readInt();
        enter(id);
        TlObject value = TlRegistry.readBare(id, this);
        if (value == null) {
            value = unknownOrGzip(id, "Object", TlReader::readObject);
        }
        exit();
        return value;
    }

    /**
     * Reads a boxed method (a query inside {@code invokeWithLayer} and friends).
     *
     * @return the method
     * @throws TlDecodeException if the object read is not a method
     */
    public TlMethod<?> readMethod() {
        int at = offset();
        TlObject value = readObject();
        if (value instanceof TlMethod<?> method) {
            return method;
        }
        throw new TlDecodeException("expected a method, got " + value.tlName(), at, value.constructorId());
    }

    /**
     * Called by generated readers when a constructor id does not belong to the expected type: a {@code gzip_packed}
     * is inflated and the value read from it by {@code reader}; anything else is an error.
     *
     * @param <T> the expected type
     * @param id the constructor id just read
     * @param expectedType the TL type expected, for the error message
     * @param reader reads the value from the inflated payload
     * @return the value read from the payload
     * @throws TlDecodeException if {@code id} is not {@code gzip_packed}, the payload inflates past the limit or does
     *     not hold exactly one valid value
     */
    public <T> T unknownOrGzip(int id, String expectedType, ElementReader<T> reader) {
        if (id != GZIP_PACKED_ID) {
            pos -= 4;
            throw error("unknown constructor " + TlDecodeException.hex(id) + " for type " + expectedType);
        }
        int at = offset();
        byte[] inflated = TlGzip.inflate(readBytes(), maxInflated, at);
        TlReader inner = new TlReader(inflated, 0, inflated.length, at, maxDepth, maxInflated, depth, constructors);
        T value = reader.read(inner);
        inner.expectEnd();
        return value;
    }

    /**
     * Reads one value, e.g. one element of a vector.
     *
     * @param <T> the value's type
     */
    @FunctionalInterface
    public interface ElementReader<T> {
        /**
         * Reads one value.
         *
         * @param reader the reader, positioned at the value
         * @return the value
         */
        T read(TlReader reader);
    }
}
