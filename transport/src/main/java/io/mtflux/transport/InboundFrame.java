package io.mtflux.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One inbound packet with what its framing said about it: whether the sender asked for a quick
 * acknowledgement (server side, docs/protocol.md 4.5). See {@link FrameConnection#receiveFrames()}.
 */
public final class InboundFrame extends DefaultByteBufHolder {

    private final boolean quickAckRequested;

    /**
     * Wraps a packet; ownership of {@code payload} passes to the frame.
     *
     * @param payload the whole MTProto packet
     * @param quickAckRequested whether the length carried the quick-ack bit
     */
    public InboundFrame(ByteBuf payload, boolean quickAckRequested) {
        super(payload);
        this.quickAckRequested = quickAckRequested;
    }

    /**
     * Whether the client asked for a quick ack of this packet (always false on the client side).
     *
     * @return true when the quick-ack bit was set
     */
    public boolean quickAckRequested() {
        return quickAckRequested;
    }

    @Override
    public ByteBufHolder replace(ByteBuf content) {
        return new InboundFrame(content, quickAckRequested);
    }

    @Override
    public String toString() {
        return "InboundFrame[" + content().readableBytes() + " bytes, quickAckRequested=" + quickAckRequested + "]";
    }
}
