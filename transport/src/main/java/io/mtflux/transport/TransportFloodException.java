package io.mtflux.transport;

/**
 * Transport error {@code -429} (docs/protocol.md 4.6): the server sends it, and closes the connection, when a
 * client opens too many connections or sends too much on one (a transport flood). It is not about any one call:
 * the client should wait longer than usual before it connects again and then send its unanswered calls again. The
 * mtflux client does so (its reconnect backoff jumps ahead), so callers never see this exception.
 */
public final class TransportFloodException extends TransportException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for a received {@code -429}. */
    public TransportFloodException() {
        super(FLOOD);
    }
}
