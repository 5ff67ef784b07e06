package io.mtflux.transport.internal;

/** Names of the transport's handlers in a Netty pipeline, so stages can be found and replaced. */
public final class HandlerNames {

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
