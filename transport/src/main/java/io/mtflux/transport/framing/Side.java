package io.mtflux.transport.framing;

/**
 * Which end of a connection a codec serves. The two directions of one framing differ: a client reads
 * quick-ack tokens and transport errors, a server reads quick-ack requests (docs/protocol.md 4.1, 4.2, 4.5).
 */
public enum Side {
    /** The end that opened the connection (talks to a DC or proxy). */
    CLIENT,
    /** The end that accepted the connection (a DC, the testkit, an MTProxy). */
    SERVER
}
