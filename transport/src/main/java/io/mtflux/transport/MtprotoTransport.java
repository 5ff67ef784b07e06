package io.mtflux.transport;

import io.mtflux.transport.obfuscation.TransportRandom;

/**
 * Entry point of the transport module: MTProto packets over TCP (and WebSocket), with every framing,
 * obfuscated2, proxies and MTProxy, on Reactor Netty. Both ends live here: clients connect, servers accept.
 */
public final class MtprotoTransport {

    static {
        // Seed the secure random generator on the caller's thread, never lazily on an event loop.
        TransportRandom.warmUp();
    }

    private MtprotoTransport() {
    }

    /**
     * A TCP client template with default settings (intermediate framing, not obfuscated).
     *
     * @return the client
     */
    public static TcpTransportClient tcp() {
        return TcpTransportClient.create();
    }

    /**
     * A WebSocket client template (binary frames, obfuscated2 + intermediate inside, ws:// or wss://).
     *
     * @return the client
     */
    public static WebSocketTransportClient websocket() {
        return WebSocketTransportClient.create();
    }

    /**
     * A TCP server template with default settings (loopback, any free port, framing auto-detection).
     *
     * @return the server
     */
    public static TransportServer server() {
        return TransportServer.create();
    }
}
