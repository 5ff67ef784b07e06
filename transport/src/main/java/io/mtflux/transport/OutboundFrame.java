package io.mtflux.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One outbound packet with its per-packet transport options. Plain {@link ByteBuf}s sent through
 * {@link FrameConnection#send} are packets without options.
 */
public final class OutboundFrame extends DefaultByteBufHolder {

    private final boolean quickAck;

    private OutboundFrame(ByteBuf payload, boolean quickAck) {
        super(payload);
        this.quickAck = quickAck;
    }

    /**
     * A packet that asks the server for a quick acknowledgement (bit 31 of the length, docs/protocol.md 4.5).
     * Ownership of {@code payload} passes to the frame.
     *
     * @param payload the whole MTProto packet
     * @return the frame
     */
    public static OutboundFrame withQuickAck(ByteBuf payload) {
        return new OutboundFrame(payload, true);
    }

    /**
     * A packet without transport options. Ownership of {@code payload} passes to the frame.
     *
     * @param payload the whole MTProto packet
     * @return the frame
     */
    public static OutboundFrame of(ByteBuf payload) {
        return new OutboundFrame(payload, false);
    }

    /**
     * Whether the sender asks for a quick acknowledgement.
     *
     * @return true to set the quick-ack bit
     */
    public boolean quickAck() {
        return quickAck;
    }

    @Override
    public ByteBufHolder replace(ByteBuf content) {
        return new OutboundFrame(content, quickAck);
    }

    @Override
    public String toString() {
        return "OutboundFrame[" + content().readableBytes() + " bytes, quickAck=" + quickAck + "]";
    }
}
