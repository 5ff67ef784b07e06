package io.mtflux.transport;

import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.internal.ClientPipeline;
import io.mtflux.transport.internal.ConnectionState;
import io.mtflux.transport.internal.HandlerNames;
import io.mtflux.transport.internal.ReactorFrameConnection;
import io.mtflux.transport.websocket.WebSocketFrameAdapter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.LoopResources;

/**
 * An immutable WebSocket transport client template ({@code ws://} or {@code wss://}): binary frames carrying
 * obfuscated2 around the chosen framing (default intermediate), subprotocol {@code binary}, as Telegram's web
 * endpoints ({@code /apiws}) expect (https://core.telegram.org/mtproto/transports#websocket). Each
 * {@link #connect()} opens one dedicated, never pooled connection.
 *
 * <pre>{@code
 * Mono<FrameConnection> c = MtprotoTransport.websocket()
 *     .uri("wss://venus.web.telegram.org/apiws").dcId(2)
 *     .connect();
 * }</pre>
 */
public final class WebSocketTransportClient {

    private final Spec spec;

    private WebSocketTransportClient(Spec spec) {
        this.spec = spec;
    }

    static WebSocketTransportClient create() {
        return new WebSocketTransportClient(new Spec());
    }

    private WebSocketTransportClient with(Consumer<Spec> change) {
        Spec copy = spec.copy();
        change.accept(copy);
        return new WebSocketTransportClient(copy);
    }

    /**
     * The endpoint, e.g. {@code wss://venus.web.telegram.org/apiws}.
     *
     * @param uri a ws:// or wss:// URI
     * @return a new client
     */
    public WebSocketTransportClient uri(String uri) {
        URI parsed = URI.create(Objects.requireNonNull(uri, "uri"));
        String scheme = parsed.getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("WebSocket URI must be ws:// or wss://");
        }
        return with(s -> s.uri = parsed.toString());
    }

    /**
     * The framing inside the WebSocket (default intermediate; full only with {@code obfuscated(false)}).
     *
     * @param framing the framing
     * @return a new client
     */
    public WebSocketTransportClient framing(Framing framing) {
        Objects.requireNonNull(framing, "framing");
        return with(s -> s.framing = framing);
    }

    /**
     * Whether obfuscated2 wraps the framing (default true: Telegram requires it over WebSocket and its web clients
     * always use it). Off only for servers that accept plain framings inside a WebSocket, such as the testkit.
     *
     * @param obfuscated false for the plain framing
     * @return a new client
     */
    public WebSocketTransportClient obfuscated(boolean obfuscated) {
        return with(s -> s.obfuscated = obfuscated);
    }

    /**
     * The DC id written into the obfuscated2 header.
     *
     * @param dcId a signed 16-bit DC id
     * @return a new client
     */
    public WebSocketTransportClient dcId(int dcId) {
        if (dcId < Short.MIN_VALUE || dcId > Short.MAX_VALUE) {
            throw new IllegalArgumentException("DC id must fit a signed 16-bit integer");
        }
        return with(s -> s.dcId = dcId);
    }

    /**
     * The TLS context for {@code wss://} (default: the JDK's trust store).
     *
     * @param context a client SSL context
     * @return a new client
     */
    public WebSocketTransportClient sslContext(SslContext context) {
        Objects.requireNonNull(context, "context");
        if (!context.isClient()) {
            throw new IllegalArgumentException("sslContext needs a client context (SslContextBuilder.forClient)");
        }
        return with(s -> s.sslContext = context);
    }

    /**
     * The TLS context set with {@link #sslContext(SslContext)}.
     *
     * @return the context, or null for the JDK's trust store
     */
    public SslContext sslContext() {
        return spec.sslContext;
    }

    /**
     * How long to wait for TCP, TLS and the WebSocket upgrade (default 10 s).
     *
     * @param timeout the timeout
     * @return a new client
     */
    public WebSocketTransportClient connectTimeout(Duration timeout) {
        return with(s -> s.connectTimeout = Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * The event loops to run on.
     *
     * @param loops loop resources
     * @return a new client
     */
    public WebSocketTransportClient loopResources(LoopResources loops) {
        return with(s -> s.loops = Objects.requireNonNull(loops, "loops"));
    }

    /**
     * The event loops set with {@link #loopResources(LoopResources)}.
     *
     * @return the loop resources, or null for Reactor Netty's shared HTTP ones
     */
    public LoopResources loopResources() {
        return spec.loops;
    }

    /**
     * The largest inbound packet accepted (default 16 MiB).
     *
     * @param bytes the limit
     * @return a new client
     */
    public WebSocketTransportClient maxFrameLength(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxFrameLength must be positive");
        }
        return with(s -> s.maxFrameLength = bytes);
    }

    /**
     * Opens one dedicated WebSocket connection.
     *
     * @return the connection once the upgrade has completed
     */
    public Mono<FrameConnection> connect() {
        Spec s = spec.copy();
        return Mono.defer(() -> {
            if (s.uri == null) {
                return Mono.error(new IllegalStateException("uri must be set"));
            }
            if (s.obfuscated && !s.framing.supportsObfuscation()) {
                return Mono.error(new IllegalStateException("full framing cannot be obfuscated: set obfuscated(false)"
                    + " or another framing"));
            }
            ClientPipeline pipeline = ClientPipeline.of(s.framing, s.obfuscated, s.dcId, null, s.maxFrameLength, null);
            HttpClient client = HttpClient.newConnection()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                    s.connectTimeout.toMillis()))
                .responseTimeout(s.connectTimeout);
            if (s.loops != null) {
                client = client.runOn(s.loops);
            }
            boolean tls = s.uri.regionMatches(true, 0, "wss:", 0, 4);
            if (tls) {
                SslContext ctx = s.sslContext;
                client = ctx == null ? client.secure() : client.secure(ssl -> ssl.sslContext(ctx));
            }
            return client.websocket(WebsocketClientSpec.builder().protocols("binary")
                    .maxFramePayloadLength(WebSocketFrameAdapter.MAX_INBOUND_FRAME).build())
                .uri(s.uri)
                .connect()
                .timeout(s.connectTimeout)
                .map(conn -> {
                    // After the upgrade the pipeline carries WebSocket frames; our stages go on top of them.
                    Channel ch = conn.channel();
                    ConnectionState state = ConnectionState.of(ch);
                    ChannelPipeline p = ch.pipeline();
                    ch.config().setAutoRead(false);
                    ClientPipeline.add(p, HandlerNames.WEBSOCKET, new WebSocketFrameAdapter());
                    pipeline.installCodecs(p, state);
                    state.info(new TransportInfo(s.framing, s.obfuscated, s.obfuscated ? s.dcId : 0, false,
                        tls ? Carrier.WEBSOCKET_TLS : Carrier.WEBSOCKET));
                    return new ReactorFrameConnection(conn);
                });
        });
    }

    @Override
    public String toString() {
        return "WebSocketTransportClient[" + spec.uri + ", " + spec.framing + (spec.obfuscated ? ", obfuscated" : "")
            + "]";
    }

    /** The mutable working copy behind each immutable client value. */
    private static final class Spec {
        String uri;
        Framing framing = Framing.INTERMEDIATE;
        boolean obfuscated = true;
        int dcId;
        SslContext sslContext;
        Duration connectTimeout = Duration.ofSeconds(10);
        LoopResources loops;
        int maxFrameLength = Framing.DEFAULT_MAX_FRAME_LENGTH;

        Spec copy() {
            Spec c = new Spec();
            c.uri = uri;
            c.framing = framing;
            c.obfuscated = obfuscated;
            c.dcId = dcId;
            c.sslContext = sslContext;
            c.connectTimeout = connectTimeout;
            c.loops = loops;
            c.maxFrameLength = maxFrameLength;
            return c;
        }
    }
}
