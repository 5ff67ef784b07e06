package io.mtflux.transport;

/**
 * What carries a connection's MTProto bytes below the framing: a plain TCP stream, or the binary messages of a
 * WebSocket, over plain TCP ({@code ws://}) or TLS ({@code wss://}). See
 * https://core.telegram.org/mtproto/transports#websocket.
 */
public enum Carrier {
    /** The framing's bytes straight on a TCP stream (possibly inside MTProxy fake-TLS records). */
    TCP,
    /** WebSocket binary messages over plain TCP ({@code ws://}). */
    WEBSOCKET,
    /** WebSocket binary messages over TLS ({@code wss://}). */
    WEBSOCKET_TLS
}
