package io.mtflux.core.tl;

/**
 * Bytes that are not a valid TL value of the expected type: an unknown constructor id, a length past the end,
 * a vector count larger than the bytes left, nesting deeper than allowed, trailing garbage in an exact read, or a
 * gzip payload that inflates past its limit. Carries the byte offset and the constructor being decoded.
 */
public class TlDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The byte offset where decoding failed. */
    private final int offset;
    /** The innermost constructor being decoded, or 0. */
    private final int constructorId;

    /**
     * Creates the exception; the message names the problem, the offset and the constructor in hex.
     *
     * @param problem what is wrong with the bytes
     * @param offset the byte offset from the start of the outermost buffer
     * @param constructorId the innermost constructor being decoded, or 0 at the top level
     */
    public TlDecodeException(String problem, int offset, int constructorId) {
        super(problem + " at offset " + offset + (constructorId == 0 ? "" : " (in constructor "
            + hex(constructorId) + ")"));
        this.offset = offset;
        this.constructorId = constructorId;
    }

    /**
     * The byte offset, from the start of the outermost buffer, where decoding failed.
     *
     * @return the offset
     */
    public int offset() {
        return offset;
    }

    /**
     * The innermost constructor id being decoded when the error occurred.
     *
     * @return the id, or 0 at the top level
     */
    public int constructorId() {
        return constructorId;
    }

    /**
     * Formats an id as {@code 0x} followed by 8 lowercase hex digits.
     *
     * @param id a constructor id
     * @return e.g. {@code 0x05162463}
     */
    public static String hex(int id) {
        return String.format("0x%08x", id);
    }
}
