package io.mtflux.transport.internal;

/** Names of the transport's handlers in a Netty pipeline, so stages can be found and replaced. */
public final class HandlerNames {

    /** Server side: tells MTProto over TCP, HTTP (WebSocket) and TLS (wss) apart on one port (removes itself). */
    public static final String SNIFFER = "mtflux.sniffer";
    /** Server side: the TLS layer of {@code wss://}. */
    public static final String TLS = "mtflux.tls";
    /** Server side: HTTP request decoder and response encoder (until the WebSocket upgrade). */
    public static final String HTTP_CODEC = "mtflux.httpCodec";
    /** Server side: gathers an HTTP request into one message (until the WebSocket upgrade). */
    public static final String HTTP_AGGREGATOR = "mtflux.httpAggregator";
    /** Server side: answers HTTP requests that are not the WebSocket upgrade with an HTTP error. */
    public static final String UPGRADE_FILTER = "mtflux.upgradeFilter";
    /** Server side: Netty's WebSocket upgrade and control-frame handler. */
    public static final String WEBSOCKET_PROTOCOL = "mtflux.websocketProtocol";
    /** Server-side first-bytes detector (removes itself). */
    public static final String DETECTOR = "mtflux.detector";
    /** Fake-TLS record layer (MTProxy ee). */
    public static final String FAKE_TLS = "mtflux.fakeTls";
    /** WebSocket binary-frame adapter. */
    public static final String WEBSOCKET = "mtflux.websocket";
    /** obfuscated2 cipher stage. */
    public static final String OBFUSCATION = "mtflux.obfuscation";
    /** Framing decoder. */
    public static final String DECODER = "mtflux.decoder";
    /** Framing encoder. */
    public static final String ENCODER = "mtflux.encoder";
    /** Quick-ack tap. */
    public static final String QUICK_ACK = "mtflux.quickAck";
    /** Hands packets to the subscriber of {@code receive()}. */
    public static final String INBOUND = "mtflux.inbound";
    /** Read timeout. */
    public static final String READ_TIMEOUT = "mtflux.readTimeout";

    private HandlerNames() {
    }
}
