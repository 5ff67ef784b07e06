package io.mtflux.transport.internal;

import io.mtflux.transport.TransportInfo;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.framing.Side;
import io.mtflux.transport.mtproxy.FakeTlsClientHandler;
import io.mtflux.transport.mtproxy.MtProxySecret;
import io.mtflux.transport.obfuscation.ObfuscatedHeader;
import io.mtflux.transport.obfuscation.ObfuscationHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

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
     * Adds the codecs to a freshly connected channel (runs on its event loop).
     *
     * @param conn the connection
     */
    public void install(Connection conn) {
        ConnectionState state = ConnectionState.of(conn.channel());
        boolean fakeTls = secret != null && secret.type() == MtProxySecret.Type.FAKE_TLS;
        if (readTimeout != null) {
            conn.addHandlerFirst(HandlerNames.READ_TIMEOUT,
                new ReadTimeoutHandler(readTimeout.toNanos(), TimeUnit.NANOSECONDS));
        }
        if (fakeTls) {
            conn.addHandlerLast(HandlerNames.FAKE_TLS, new FakeTlsClientHandler(secret));
        }
        installCodecs(conn, state);
        state.info(new TransportInfo(framing, obfuscated, obfuscated ? dcId : 0, fakeTls));
    }

    /**
     * Adds obfuscation, framing and the quick-ack tap after whatever carries the bytes (TCP, TLS records,
     * WebSocket frames).
     *
     * @param conn the connection
     * @param state its state
     */
    public void installCodecs(Connection conn, ConnectionState state) {
        if (obfuscated) {
            byte[] key = secret == null ? null : secret.key();
            conn.addHandlerLast(HandlerNames.OBFUSCATION, ObfuscationHandler.client(
                ObfuscatedHeader.client(framing, dcId, key)));
        }
        conn.addHandlerLast(HandlerNames.DECODER, framing.newDecoder(Side.CLIENT, maxFrameLength));
        conn.addHandlerLast(HandlerNames.ENCODER, framing.newEncoder(Side.CLIENT, !obfuscated));
        conn.addHandlerLast(HandlerNames.QUICK_ACK, new QuickAckHandler(state));
    }

    /**
     * Completes when the connection is ready for packets (after the fake-TLS handshake, if any).
     *
     * @param conn the connection
     * @return the readiness signal
     */
    public Mono<Void> handshake(Connection conn) {
        FakeTlsClientHandler tls = conn.channel().pipeline().get(FakeTlsClientHandler.class);
        return tls == null ? Mono.empty() : tls.handshake();
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
