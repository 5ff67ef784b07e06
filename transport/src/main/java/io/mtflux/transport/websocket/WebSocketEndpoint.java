package io.mtflux.transport.websocket;

import io.mtflux.transport.internal.HandlerNames;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * The server's WebSocket endpoint on one connection whose first bytes were an HTTP request: the HTTP codec, the
 * {@link UpgradeRequestFilter}, Netty's upgrade and control-frame handler (subprotocol {@code binary}, as
 * https://core.telegram.org/mtproto/transports#websocket asks), the {@link WebSocketFrameAdapter}, and then the
 * MTProto framing detector: the binary messages form one byte stream, framed as over TCP.
 */
public final class WebSocketEndpoint {

    /** Subprotocol of Telegram's WebSocket transport. */
    public static final String SUBPROTOCOL = "binary";

    /** The largest upgrade request (headers included) accepted. */
    private static final int MAX_REQUEST = 16 * 1024;

    private WebSocketEndpoint() {
    }

    /**
     * Installs the endpoint's stages after the handler named {@code after}. All of them are in place before the
     * first request is read, so binary messages a client sends right behind its upgrade request are never lost.
     *
     * @param p the pipeline
     * @param after the handler the stages follow
     * @param path the endpoint's path, e.g. {@code /apiws}
     * @param maxMessage the largest binary message accepted (a larger one closes the connection with 1009)
     * @param detector the MTProto framing detector of the byte stream inside the WebSocket
     */
    public static void install(ChannelPipeline p, String after, String path, int maxMessage,
        ChannelHandler detector) {
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath(path)
            .subprotocols(SUBPROTOCOL)
            .checkStartsWith(false)
            .handleCloseFrames(true)
            .dropPongFrames(true)
            .decoderConfig(WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(maxMessage)
                .allowExtensions(false)
                .build())
            .build();
        p.addAfter(after, HandlerNames.HTTP_CODEC, new HttpServerCodec());
        p.addAfter(HandlerNames.HTTP_CODEC, HandlerNames.HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_REQUEST));
        p.addAfter(HandlerNames.HTTP_AGGREGATOR, HandlerNames.UPGRADE_FILTER, new UpgradeRequestFilter(path));
        p.addAfter(HandlerNames.UPGRADE_FILTER, HandlerNames.WEBSOCKET_PROTOCOL,
            new WebSocketServerProtocolHandler(config));
        p.addAfter(HandlerNames.WEBSOCKET_PROTOCOL, HandlerNames.WEBSOCKET, new WebSocketFrameAdapter());
        p.addAfter(HandlerNames.WEBSOCKET, HandlerNames.DETECTOR, detector);
    }
}
