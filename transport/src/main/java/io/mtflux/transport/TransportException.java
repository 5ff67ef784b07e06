package io.mtflux.transport;

/**
 * A transport error sent by the peer: a packet holding only a negative 32-bit integer whose absolute
 * value is the error code (docs/protocol.md 4.6). {@code -404}: auth key not found or malformed query;
 * {@code -429}: transport flood; {@code -444}: invalid DC.
 *
 * <p>Receiving one terminates {@link FrameConnection#receive()} with this exception and closes the connection.
 * {@link #of(int)} makes the typed one: {@code -429} is a {@link TransportFloodException}, which a client answers
 * by backing off before it connects again (it is not a failure of the calls in flight).
 */
public class TransportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Auth key not found, or a malformed/inconsistent query. */
    public static final int AUTH_KEY_NOT_FOUND = -404;
    /** Too many connections or requests (transport flood). */
    public static final int FLOOD = -429;
    /** Invalid DC id in the handshake or MTProxy header. */
    public static final int INVALID_DC = -444;

    /** The transport error code. */
    private final int code;

    /**
     * Creates the exception for a received transport error.
     *
     * @param code the negative code as received, e.g. {@code -404}
     */
    public TransportException(int code) {
        super("transport error " + code + describe(code));
        this.code = code;
    }

    /**
     * The exception for a transport error code, typed where the code has a type of its own: {@code -429} gives a
     * {@link TransportFloodException}.
     *
     * @param code the negative code as received, e.g. {@code -429}
     * @return the exception
     */
    public static TransportException of(int code) {
        return code == FLOOD ? new TransportFloodException() : new TransportException(code);
    }

    /**
     * Whether this is {@code -429}, a transport flood: the peer wants fewer connections or requests, and a client
     * should wait (back off) before it connects again.
     *
     * @return whether the code is {@link #FLOOD}
     */
    public boolean isFlood() {
        return code == FLOOD;
    }

    /**
     * The error code exactly as received (negative), e.g. {@code -404}.
     *
     * @return the code
     */
    public int code() {
        return code;
    }

    private static String describe(int code) {
        return switch (code) {
            case AUTH_KEY_NOT_FOUND -> " (auth key not found or malformed query)";
            case FLOOD -> " (transport flood: too many connections or requests)";
            case INVALID_DC -> " (invalid DC)";
            case -403 -> " (forbidden)";
            default -> "";
        };
    }
}
