package io.mtflux.core.internal.session;

/**
 * The peer broke the protocol: a bad_msg_notification for a message we built correctly (codes 18, 19, 34, 35,
 * 64), a request re-sent more often than allowed, a malformed service message. The request fails with it; the
 * connection is dropped and recovered where the cause is the connection.
 */
public class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the peer did wrong
     */
    public ProtocolException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what the peer did wrong
     * @param cause the failure that revealed it
     */
    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
