package io.mtflux.transport;

import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.internal.ClientPipeline;
import io.mtflux.transport.internal.ConnectionState;
import io.mtflux.transport.internal.HandlerNames;
import io.mtflux.transport.internal.ReactorFrameConnection;
import io.mtflux.transport.internal.server.FramingDetector;
import io.mtflux.transport.internal.server.ProtocolSniffer;
import io.mtflux.transport.mtproxy.FakeTlsServerHandler;
import io.mtflux.transport.mtproxy.MtProxySecret;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

/**
 * An immutable MTProto transport server template (the acceptor side, used by the testkit). Each accepted
 * connection detects the client's framing and obfuscation from its first bytes (docs/protocol.md 4.9) and
 * replies in the same framing;
 * with {@link #websocket(String)} the same port also serves {@code ws://} (and {@code wss://} with
 * {@link #sslContext(SslContext)}). The handler gets each connection as a {@link FrameConnection}; the connection
 * closes when the handler's publisher terminates.
 *
 * <pre>{@code
 * FrameServer server = MtprotoTransport.server()
 *     .port(0)
 *     .handle(conn -> conn.send(conn.receive()))   // echo
 *     .bind().block();
 * }</pre>
 */
public final class TransportServer {

    private final Spec spec;

    private TransportServer(Spec spec) {
        this.spec = spec;
    }

    static TransportServer create() {
        return new TransportServer(new Spec());
    }

    private TransportServer with(Consumer<Spec> change) {
        Spec copy = spec.copy();
        change.accept(copy);
        return new TransportServer(copy);
    }

    /**
     * The address to bind (default loopback).
     *
     * @param host host name or address
     * @return a new server
     */
    public TransportServer host(String host) {
        Objects.requireNonNull(host, "host");
        return with(s -> s.host = host);
    }

    /**
     * The port to bind (default 0: any free port).
     *
     * @param port 0..65535
     * @return a new server
     */
    public TransportServer port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return with(s -> s.port = port);
    }

    /**
     * The largest inbound packet accepted (default 16 MiB).
     *
     * @param bytes the limit
     * @return a new server
     */
    public TransportServer maxFrameLength(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxFrameLength must be positive");
        }
        return with(s -> s.maxFrameLength = bytes);
    }

    /**
     * The event loops to run on (default: Reactor Netty's shared ones).
     *
     * @param loops the loop resources
     * @return a new server
     */
    public TransportServer loopResources(LoopResources loops) {
        Objects.requireNonNull(loops, "loops");
        return with(s -> s.loops = loops);
    }

    /**
     * Act as an MTProxy with this secret: only obfuscated2 keyed with the secret is accepted (a forbidden
     * prefix or a wrong key is an error), inside fake-TLS records for an {@code ee} secret.
     *
     * @param secret the proxy secret, or null for a direct (DC-like) server
     * @return a new server
     */
    public TransportServer mtproxy(MtProxySecret secret) {
        return with(s -> s.secret = secret);
    }

    /**
     * How far a fake-TLS client's clock may be from the server's (default 10 minutes).
     *
     * @param skew the tolerance
     * @return a new server
     */
    public TransportServer maxClockSkew(Duration skew) {
        Objects.requireNonNull(skew, "skew");
        return with(s -> s.maxSkew = skew);
    }

    /**
     * Closes a connection with {@link io.netty.handler.timeout.ReadTimeoutException} when nothing is read for
     * this long (default: never). A handler applying backpressure also stops reads.
     *
     * @param timeout the idle read timeout, or null for none
     * @return a new server
     */
    public TransportServer readTimeout(Duration timeout) {
        return with(s -> s.readTimeout = timeout);
    }

    /**
     * Also serve the WebSocket transport ({@code ws://host:port/path}) on the same port as MTProto over TCP: each
     * connection's first bytes tell them apart ({@link ProtocolSniffer}). Inside the WebSocket the binary messages
     * form one byte stream, framed as over TCP: obfuscated2 as Telegram's web clients send it
     * (https://core.telegram.org/mtproto/transports#websocket) or any framing the TCP path accepts. Any other HTTP
     * request gets an HTTP error and is closed. Not with an MTProxy {@code ee} secret: its fake-TLS hello starts
     * like a real TLS one, and such a proxy accepts nothing else.
     *
     * @param path the HTTP path of the WebSocket endpoint (e.g. {@code /apiws}), or null for TCP only
     * @return a new server
     */
    public TransportServer websocket(String path) {
        if (path != null && !path.startsWith("/")) {
            throw new IllegalArgumentException("a WebSocket path starts with '/'");
        }
        return with(s -> s.wsPath = path);
    }

    /**
     * Also serve {@code wss://} on the same port: a connection that starts with a TLS ClientHello is TLS with this
     * context, and the WebSocket endpoint inside it. Needs {@link #websocket(String)}.
     *
     * @param context a server SSL context
     * @return a new server
     */
    public TransportServer sslContext(SslContext context) {
        Objects.requireNonNull(context, "context");
        if (!context.isServer()) {
            throw new IllegalArgumentException("sslContext needs a server context (SslContextBuilder.forServer)");
        }
        return with(s -> s.sslContext = context);
    }

    /**
     * What to do with each accepted connection. The connection closes when the returned publisher terminates.
     *
     * @param handler the connection handler
     * @return a new server
     */
    public TransportServer handle(Function<? super FrameConnection, ? extends Publisher<Void>> handler) {
        Objects.requireNonNull(handler, "handler");
        return with(s -> s.handler = handler);
    }

    /**
     * Binds the server. Nothing happens until subscription.
     *
     * @return the bound server
     */
    public Mono<FrameServer> bind() {
        Spec s = spec.copy();
        return Mono.defer(() -> {
            if (s.sslContext != null && s.wsPath == null) {
                return Mono.error(new IllegalStateException("a TLS context serves wss://: set websocket(path) too"));
            }
            if (s.wsPath != null && s.secret != null && s.secret.type() == MtProxySecret.Type.FAKE_TLS) {
                return Mono.error(new IllegalStateException("an MTProxy with an ee secret accepts only fake TLS:"
                    + " it cannot share its port with WebSocket"));
            }
            TcpServer server = TcpServer.create()
                .host(s.host)
                .port(s.port)
                .doOnChannelInit((observer, channel, remote) -> install(channel, s))
                .handle((in, out) -> {
                    Connection[] holder = new Connection[1];
                    in.withConnection(c -> holder[0] = c);
                    return s.handler.apply(new ReactorFrameConnection(holder[0]));
                });
            if (s.loops != null) {
                server = server.runOn(s.loops);
            }
            return server.bind().map(BoundServer::new);
        });
    }

    private static void install(Channel channel, Spec s) {
        // At channel init, before the first read, so the detector sees the very first bytes.
        ConnectionState state = ConnectionState.of(channel);
        channel.config().setAutoRead(false);
        ChannelPipeline p = channel.pipeline();
        if (s.readTimeout != null) {
            ClientPipeline.add(p, HandlerNames.READ_TIMEOUT,
                new ReadTimeoutHandler(s.readTimeout.toNanos(), TimeUnit.NANOSECONDS));
        }
        byte[] key = s.secret == null ? null : s.secret.key();
        if (s.wsPath != null) {
            ClientPipeline.add(p, HandlerNames.SNIFFER,
                new ProtocolSniffer(s.wsPath, s.sslContext, s.maxFrameLength, key, s.secret != null));
        } else {
            boolean fakeTls = s.secret != null && s.secret.type() == MtProxySecret.Type.FAKE_TLS;
            if (fakeTls) {
                ClientPipeline.add(p, HandlerNames.FAKE_TLS, new FakeTlsServerHandler(s.secret, s.maxSkew));
            }
            ClientPipeline.add(p, HandlerNames.DETECTOR,
                new FramingDetector(s.maxFrameLength, key, s.secret != null, fakeTls));
        }
        ClientPipeline.add(p, HandlerNames.INBOUND, state.inbound());
    }

    /** The mutable working copy behind each immutable server value. */
    private static final class Spec {
        String host = "127.0.0.1";
        int port;
        int maxFrameLength = Framing.DEFAULT_MAX_FRAME_LENGTH;
        LoopResources loops;
        MtProxySecret secret;
        Duration maxSkew = Duration.ofMinutes(10);
        Function<? super FrameConnection, ? extends Publisher<Void>> handler = c -> c.onClose();
        String wsPath;
        SslContext sslContext;
        Duration readTimeout;

        Spec copy() {
            Spec c = new Spec();
            c.host = host;
            c.port = port;
            c.maxFrameLength = maxFrameLength;
            c.loops = loops;
            c.secret = secret;
            c.maxSkew = maxSkew;
            c.handler = handler;
            c.wsPath = wsPath;
            c.sslContext = sslContext;
            c.readTimeout = readTimeout;
            return c;
        }
    }

    /** {@link FrameServer} over a Reactor Netty {@link DisposableServer}. */
    private record BoundServer(DisposableServer server) implements FrameServer {

        @Override
        public InetSocketAddress address() {
            return (InetSocketAddress) server.address();
        }

        @Override
        public Mono<Void> onDispose() {
            return server.onDispose();
        }

        @Override
        public void dispose() {
            server.dispose();
        }

        @Override
        public boolean isDisposed() {
            return server.isDisposed();
        }
    }
}
