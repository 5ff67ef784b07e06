package io.mtflux.core.event;

/**
 * Where one DC connection of a client is, as its listeners see it: the coarse view of the connection's own state
 * machine (docs/architecture.md, "DC connections"), without the steps of the key exchange.
 */
public enum ConnectionState {
    /** A transport connection is being opened, or a key is being made or bound on it; calls wait. */
    CONNECTING,
    /** Calls flow. */
    READY,
    /** The connection dropped or could not be opened; the client connects again after its reconnect delay. */
    DISCONNECTED,
    /** Closed for good (the client was closed, or the DC's key was dropped and a new connection will replace it). */
    CLOSED
}
