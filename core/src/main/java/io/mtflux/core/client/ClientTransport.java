package io.mtflux.core.client;

import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.TcpTransportClient;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * How an {@link MtprotoClient} opens its connections: one new, dedicated transport connection per call of
 * {@link #connect}. {@link #tcp()} (intermediate framing, the default) and {@link #tcp(TcpTransportClient)} (any
 * framing, obfuscation, SOCKS/HTTP proxy or MTProxy) dial the DC's address from the client's {@link DcOptions};
 * {@link #websocket()} and {@link #websocket(DcUrls)} open WebSockets ({@code ws://} or {@code wss://}) as
 * Telegram's web clients do; tests and custom transports implement the interface.
 *
 * <pre>{@code
 * ClientTransport.tcp(MtprotoTransport.tcp().framing(Framing.PADDED_INTERMEDIATE).obfuscated(true))
 * ClientTransport.tcp(MtprotoTransport.tcp().proxy(ProxyConfig.socks5("127.0.0.1", 1080)))
 * ClientTransport.websocket()                      // wss://venus.web.telegram.org/apiws, ...
 * ClientTransport.websocket(DcUrls.ws())           // ws://HOST:PORT/apiws of each DC's address (e.g. the testkit)
 * }</pre>
 */
@FunctionalInterface
public interface ClientTransport {

    /**
     * A new connection to the DC {@code target} names; each subscription connects anew.
     *
     * @param target the DC, where the client knows it to be, and the event loops to run on
     * @return the connection, once it can carry MTProto packets
     */
    Mono<FrameConnection> connect(Target target);

    /** {@return TCP with the intermediate framing, unobfuscated} */
    static ClientTransport tcp() {
        return tcp(MtprotoTransport.tcp());
    }

    /**
     * TCP from {@code template} (framing, obfuscation, proxy, timeouts, hooks): host, port and DC id are set per
     * connection from the client's {@link DcOptions}; the client's event loops are used unless the template names
     * its own {@code loopResources}.
     *
     * @param template the connection settings every DC connection starts from
     * @return the transport
     */
    static ClientTransport tcp(TcpTransportClient template) {
        return new TcpClientTransport(Objects.requireNonNull(template, "template"));
    }

    /**
     * WebSocket to Telegram's web endpoints ({@link DcUrls#telegramWeb()}), obfuscated2 inside, the JDK's trust
     * store; see {@link WebSocketClientTransport} for TLS trust and other templates.
     *
     * @return the transport, which can be refined (TLS trust, URLs)
     */
    static WebSocketClientTransport websocket() {
        return WebSocketClientTransport.create();
    }

    /**
     * WebSocket to the URLs {@code urls} gives (e.g. {@link DcUrls#ws()} or {@link DcUrls#wss()} for any server).
     *
     * @param urls maps a DC to its WebSocket URL
     * @return the transport, which can be refined (TLS trust)
     */
    static WebSocketClientTransport websocket(DcUrls urls) {
        return WebSocketClientTransport.create().urls(urls);
    }

    /**
     * Where to connect.
     *
     * @param dcId the DC
     * @param dcOptions what the client knows of every DC (addresses, test mode)
     * @param loops the event loops of the client's {@link ClientResources}
     */
    record Target(int dcId, DcOptions dcOptions, LoopResources loops) {
        /**
         * Checks the components.
         *
         * @param dcId the DC
         * @param dcOptions what the client knows of every DC
         * @param loops the event loops to connect on
         * @throws NullPointerException if {@code dcOptions} or {@code loops} is null
         */
        public Target {
            Objects.requireNonNull(dcOptions, "dcOptions");
            Objects.requireNonNull(loops, "loops");
        }
    }
}
