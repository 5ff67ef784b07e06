package io.mtflux.transport;

import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.internal.ClientPipeline;
import io.mtflux.transport.internal.ReactorFrameConnection;
import io.mtflux.transport.mtproxy.MtProxyConfig;
import io.mtflux.transport.mtproxy.MtProxySecret;
import io.mtflux.transport.proxy.ProxyConfig;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpClient;

/**
 * An immutable TCP transport client template: every mutator returns a new value, so a configured
 * client can be shared and connected many times. Each {@link #connect()} opens one dedicated, never
 * pooled connection: MTProto connections are stateful and must not be handed to someone else.
 *
 * <pre>{@code
 * Mono<FrameConnection> c = MtprotoTransport.tcp()
 *     .host("149.154.167.50").port(443)
 *     .framing(Framing.intermediate()).obfuscated(true).dcId(2)
 *     .connect();
 * }</pre>
 */
public final class TcpTransportClient {

    private final Spec spec;

    private TcpTransportClient(Spec spec) {
        this.spec = spec;
    }

    static TcpTransportClient create() {
        return new TcpTransportClient(new Spec());
    }

    private TcpTransportClient with(Consumer<Spec> change) {
        Spec copy = spec.copy();
        change.accept(copy);
        return new TcpTransportClient(copy);
    }

    /**
     * The host to connect to (a DC address, or the MTProxy's).
     *
     * @param host host name or address
     * @return a new client
     */
    public TcpTransportClient host(String host) {
        Objects.requireNonNull(host, "host");
        return with(s -> s.host = host);
    }

    /**
     * The port to connect to.
     *
     * @param port 1..65535
     * @return a new client
     */
    public TcpTransportClient port(int port) {
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return with(s -> s.port = port);
    }

    /**
     * The packet framing (default intermediate).
     *
     * @param framing the framing
     * @return a new client
     */
    public TcpTransportClient framing(Framing framing) {
        Objects.requireNonNull(framing, "framing");
        return with(s -> s.framing = framing);
    }

    /**
     * Whether to wrap the framing in obfuscated2 (default false; {@link Framing#FULL} cannot be obfuscated).
     *
     * @param obfuscated true to obfuscate
     * @return a new client
     */
    public TcpTransportClient obfuscated(boolean obfuscated) {
        return with(s -> s.obfuscated = obfuscated);
    }

    /**
     * The DC id written into the obfuscated2 header (+10000 for test DCs, negative for media DCs).
     *
     * @param dcId a signed 16-bit DC id
     * @return a new client
     */
    public TcpTransportClient dcId(int dcId) {
        if (dcId < Short.MIN_VALUE || dcId > Short.MAX_VALUE) {
            throw new IllegalArgumentException("DC id must fit a signed 16-bit integer");
        }
        return with(s -> s.dcId = dcId);
    }

    /**
     * Connects through a SOCKS or HTTP CONNECT proxy.
     *
     * @param proxy the proxy, or null for a direct connection
     * @return a new client
     */
    public TcpTransportClient proxy(ProxyConfig proxy) {
        return with(s -> s.proxy = proxy);
    }

    /**
     * The proxy set with {@link #proxy(ProxyConfig)}.
     *
     * @return the SOCKS or HTTP proxy, or null for a direct connection
     */
    public ProxyConfig proxy() {
        return spec.proxy;
    }

    /**
     * Connects through an MTProxy: its address replaces host and port, obfuscation is switched on with the
     * secret mixed into the keys, {@code dd}/{@code ee} secrets force padded intermediate, {@code ee} adds
     * fake TLS. Set {@link #dcId(int)} to the DC the proxy should reach.
     *
     * @param mtproxy the MTProxy, or null to clear
     * @return a new client
     */
    public TcpTransportClient mtproxy(MtProxyConfig mtproxy) {
        return with(s -> s.mtproxy = mtproxy);
    }

    /**
     * The MTProxy set with {@link #mtproxy(MtProxyConfig)}.
     *
     * @return the MTProxy, or null
     */
    public MtProxyConfig mtproxy() {
        return spec.mtproxy;
    }

    /**
     * How long to wait for the TCP connection and any proxy or fake-TLS handshake (default 10 s).
     *
     * @param timeout the timeout
     * @return a new client
     */
    public TcpTransportClient connectTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive");
        }
        return with(s -> s.connectTimeout = timeout);
    }

    /**
     * Closes the connection with {@link io.netty.handler.timeout.ReadTimeoutException} when nothing is read
     * for this long (default: never). Note that a subscriber applying backpressure also stops reads.
     *
     * @param timeout the idle read timeout, or null for none
     * @return a new client
     */
    public TcpTransportClient readTimeout(Duration timeout) {
        return with(s -> s.readTimeout = timeout);
    }

    /**
     * The event loops to run on (default: Reactor Netty's shared ones). Share one {@link LoopResources} among
     * thousands of connections.
     *
     * @param loops the loop resources
     * @return a new client
     */
    public TcpTransportClient loopResources(LoopResources loops) {
        Objects.requireNonNull(loops, "loops");
        return with(s -> s.loops = loops);
    }

    /**
     * The event loops set with {@link #loopResources(LoopResources)}.
     *
     * @return the loop resources, or null for Reactor Netty's shared ones
     */
    public LoopResources loopResources() {
        return spec.loops;
    }

    /**
     * The largest inbound packet accepted (default 16 MiB); a larger one is a {@link MalformedFrameException}.
     *
     * @param bytes the limit
     * @return a new client
     */
    public TcpTransportClient maxFrameLength(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxFrameLength must be positive");
        }
        return with(s -> s.maxFrameLength = bytes);
    }

    /**
     * Runs {@code hook} with each connection once it is ready (after any proxy or fake-TLS handshake). Hooks
     * added by successive calls run in order. Runs on the connection's event loop: it must not block.
     *
     * @param hook the hook
     * @return a new client
     */
    public TcpTransportClient doOnConnected(Consumer<? super FrameConnection> hook) {
        Objects.requireNonNull(hook, "hook");
        return with(s -> s.onConnected = s.onConnected == null ? hook : chain(s.onConnected, hook));
    }

    /**
     * Runs {@code hook} with each connection after it has closed, from either end. Hooks added by successive
     * calls run in order. It must not block.
     *
     * @param hook the hook
     * @return a new client
     */
    public TcpTransportClient doOnDisconnected(Consumer<? super FrameConnection> hook) {
        Objects.requireNonNull(hook, "hook");
        return with(s -> s.onDisconnected = s.onDisconnected == null ? hook : chain(s.onDisconnected, hook));
    }

    private static Consumer<? super FrameConnection> chain(Consumer<? super FrameConnection> first,
        Consumer<? super FrameConnection> then) {
        return c -> {
            first.accept(c);
            then.accept(c);
        };
    }

    /**
     * Opens one dedicated connection. Nothing happens until subscription.
     *
     * @return the connection, once the TCP (and any proxy/fake-TLS) handshake has completed
     */
    public Mono<FrameConnection> connect() {
        Spec s = spec.copy();
        return Mono.defer(() -> {
            ClientPipeline pipeline = ClientPipeline.of(s.effectiveFraming(), s.effectiveObfuscated(), s.dcId,
                s.mtproxy == null ? null : s.mtproxy.secret(), s.maxFrameLength, s.readTimeout);
            String host = s.mtproxy != null ? s.mtproxy.host() : s.host;
            int port = s.mtproxy != null ? s.mtproxy.port() : s.port;
            if (host == null || port == 0) {
                return Mono.error(new IllegalStateException("host and port (or an MTProxy) must be set"));
            }
            TcpClient client = TcpClient.newConnection()
                .host(host)
                .port(port)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                    s.connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .doOnChannelInit((observer, channel, remote) -> pipeline.install(channel));
            if (s.loops != null) {
                client = client.runOn(s.loops);
            }
            if (s.proxy != null) {
                client = s.proxy.applyTo(client);
            }
            // The TCP connect is bounded by CONNECT_TIMEOUT_MILLIS; proxy and fake-TLS handshakes by this timeout.
            return client.connect()
                .flatMap(conn -> pipeline.handshake(conn.channel())
                    .timeout(s.connectTimeout, Mono.error(() -> new ConnectTimeoutException("handshake with " + host
                        + ":" + port + " not complete within " + s.connectTimeout)))
                    .doOnError(e -> conn.dispose())
                    .doOnCancel(conn::dispose)
                    .thenReturn(conn))
                .map(conn -> {
                    FrameConnection frames = new ReactorFrameConnection(conn);
                    if (s.onDisconnected != null) {
                        Consumer<? super FrameConnection> hook = s.onDisconnected;
                        frames.onClose().subscribe(null, null, () -> hook.accept(frames));
                    }
                    if (s.onConnected != null) {
                        s.onConnected.accept(frames);
                    }
                    return frames;
                });
        });
    }

    @Override
    public String toString() {
        return "TcpTransportClient[" + spec.host + ":" + spec.port + ", " + spec.framing
            + (spec.obfuscated ? ", obfuscated" : "") + (spec.proxy != null ? ", " + spec.proxy : "")
            + (spec.mtproxy != null ? ", " + spec.mtproxy : "") + "]";
    }

    /** The mutable working copy behind each immutable client value. */
    private static final class Spec {
        String host;
        int port;
        Framing framing = Framing.INTERMEDIATE;
        boolean obfuscated;
        int dcId;
        ProxyConfig proxy;
        MtProxyConfig mtproxy;
        Duration connectTimeout = Duration.ofSeconds(10);
        Duration readTimeout;
        LoopResources loops;
        int maxFrameLength = Framing.DEFAULT_MAX_FRAME_LENGTH;
        Consumer<? super FrameConnection> onConnected;
        Consumer<? super FrameConnection> onDisconnected;

        Spec copy() {
            Spec c = new Spec();
            c.host = host;
            c.port = port;
            c.framing = framing;
            c.obfuscated = obfuscated;
            c.dcId = dcId;
            c.proxy = proxy;
            c.mtproxy = mtproxy;
            c.connectTimeout = connectTimeout;
            c.readTimeout = readTimeout;
            c.loops = loops;
            c.maxFrameLength = maxFrameLength;
            c.onConnected = onConnected;
            c.onDisconnected = onDisconnected;
            return c;
        }

        Framing effectiveFraming() {
            if (mtproxy != null && mtproxy.secret().type() != MtProxySecret.Type.SIMPLE) {
                return Framing.PADDED_INTERMEDIATE;
            }
            return framing;
        }

        boolean effectiveObfuscated() {
            return obfuscated || mtproxy != null;
        }
    }
}
