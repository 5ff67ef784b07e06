package io.mtflux.core.tl;

/** Entry points for whole-buffer serialization. */
public final class Tl {
    private Tl() {
    }

    /**
     * The boxed serialization of {@code object}.
     *
     * @param object the value
     * @return its constructor id and fields
     */
    public static byte[] serialize(TlObject object) {
        return TlWriter.serialize(object);
    }

    /**
     * Reads exactly one boxed object of any known type; trailing bytes are an error.
     *
     * @param bytes a boxed object
     * @return the object
     * @throws TlDecodeException if the bytes are not exactly one valid object
     */
    public static TlObject deserialize(byte[] bytes) {
        return deserialize(bytes, TlReader::readObject);
    }

    /**
     * Reads exactly one value with {@code reader} (e.g. {@code User::read}); trailing bytes are an error.
     *
     * @param <T> the value's type
     * @param bytes the serialized value
     * @param reader reads one value, e.g. a generated type's {@code read}
     * @return the value
     * @throws TlDecodeException if the bytes are not exactly one valid value
     */
    public static <T> T deserialize(byte[] bytes, TlReader.ElementReader<T> reader) {
        TlReader in = new TlReader(bytes);
        T value = reader.read(in);
        in.expectEnd();
        return value;
    }
}
