package io.mtflux.transport.internal;

import io.mtflux.transport.TransportInfo;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.framing.Side;
import io.mtflux.transport.mtproxy.FakeTlsClientHandler;
import io.mtflux.transport.mtproxy.MtProxySecret;
import io.mtflux.transport.obfuscation.ObfuscatedHeader;
import io.mtflux.transport.obfuscation.ObfuscationHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.netty.NettyPipeline;

/**
 * The client's codec stack for one connection, outermost first: fake TLS (MTProxy ee), obfuscated2,
 * framing decoder and encoder, quick-ack tap. Built once per connect attempt.
 */
public final class ClientPipeline {

    private final Framing framing;
    private final boolean obfuscated;
    private final int dcId;
    private final MtProxySecret secret;
    private final int maxFrameLength;
    private final Duration readTimeout;
    private FakeTlsClientHandler fakeTls;

    private ClientPipeline(Framing framing, boolean obfuscated, int dcId, MtProxySecret secret, int maxFrameLength,
        Duration readTimeout) {
        this.framing = framing;
        this.obfuscated = obfuscated;
        this.dcId = dcId;
        this.secret = secret;
        this.maxFrameLength = maxFrameLength;
        this.readTimeout = readTimeout;
    }

    /**
     * Validates and captures a client configuration.
     *
     * @param framing the framing
     * @param obfuscated whether to use obfuscated2
     * @param dcId DC id for the obfuscated2 header
     * @param secret MTProxy secret, or null
     * @param maxFrameLength inbound frame limit
     * @param readTimeout idle read timeout, or null
     * @return the pipeline recipe
     * @throws IllegalArgumentException for full framing with obfuscation
     */
    public static ClientPipeline of(Framing framing, boolean obfuscated, int dcId, MtProxySecret secret,
        int maxFrameLength, Duration readTimeout) {
        if (obfuscated && !framing.supportsObfuscation()) {
            throw new IllegalArgumentException("full framing cannot be obfuscated");
        }
        return new ClientPipeline(framing, obfuscated, dcId, secret, maxFrameLength, readTimeout);
    }

    /**
     * Adds the codecs to a new channel, before Reactor Netty adds its bridge at the end of the pipeline
     * (use from {@code doOnChannelInit}, so nothing can be read or written before they are in place).
     *
     * @param channel the channel
     */
    public void install(Channel channel) {
        ConnectionState state = ConnectionState.of(channel);
        // Reads follow the subscriber's demand from the first byte on (InboundFrames turns them on).
        channel.config().setAutoRead(false);
        ChannelPipeline p = channel.pipeline();
        if (readTimeout != null) {
            add(p, HandlerNames.READ_TIMEOUT, new ReadTimeoutHandler(readTimeout.toNanos(), TimeUnit.NANOSECONDS));
        }
        boolean tls = secret != null && secret.type() == MtProxySecret.Type.FAKE_TLS;
        if (tls) {
            fakeTls = new FakeTlsClientHandler(secret);
            add(p, HandlerNames.FAKE_TLS, fakeTls);
        }
        installCodecs(p, state);
        state.info(new TransportInfo(framing, obfuscated, obfuscated ? dcId : 0, tls));
    }

    /**
     * Adds obfuscation, framing and the quick-ack tap at the end of a pipeline, after whatever carries the
     * bytes (TCP, TLS records, WebSocket frames).
     *
     * @param p the pipeline
     * @param state the channel's state
     */
    public void installCodecs(ChannelPipeline p, ConnectionState state) {
        if (obfuscated) {
            byte[] key = secret == null ? null : secret.key();
            add(p, HandlerNames.OBFUSCATION, ObfuscationHandler.client(ObfuscatedHeader.client(framing, dcId, key)));
        }
        add(p, HandlerNames.DECODER, framing.newDecoder(Side.CLIENT, maxFrameLength));
        add(p, HandlerNames.ENCODER, framing.newEncoder(Side.CLIENT, !obfuscated));
        add(p, HandlerNames.QUICK_ACK, new QuickAckHandler(state));
        add(p, HandlerNames.INBOUND, state.inbound());
    }

    /**
     * Adds a handler at the end of our stages: before Reactor Netty's bridge when it is already there.
     *
     * @param p the pipeline
     * @param name the handler's name
     * @param handler the handler
     */
    public static void add(ChannelPipeline p, String name, ChannelHandler handler) {
        if (p.get(NettyPipeline.ReactiveBridge) != null) {
            p.addBefore(NettyPipeline.ReactiveBridge, name, handler);
        } else {
            p.addLast(name, handler);
        }
    }

    /**
     * Completes when the connection is ready for packets (after the proxy and fake-TLS handshakes, if any).
     *
     * @param channel the connected channel
     * @return the readiness signal
     */
    public Mono<Void> handshake(Channel channel) {
        // A SOCKS/HTTP proxy handshake runs after the TCP connect; wait for it so that a refused proxy
        // (bad credentials, unreachable target) fails connect() instead of the first send.
        Mono<Void> proxy = Mono.create(sink -> {
            ProxyHandler handler = channel.pipeline().get(ProxyHandler.class);
            if (handler == null) {
                sink.success();
                return;
            }
            handler.connectFuture().addListener(f -> {
                if (f.isSuccess()) {
                    sink.success();
                } else {
                    sink.error(f.cause());
                }
            });
        });
        return proxy.then(Mono.defer(() -> fakeTls == null ? Mono.empty() : fakeTls.handshake()));
    }

    /**
     * The framing in use.
     *
     * @return the framing
     */
    public Framing framing() {
        return framing;
    }
}
