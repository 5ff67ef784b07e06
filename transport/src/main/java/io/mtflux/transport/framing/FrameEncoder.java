package io.mtflux.transport.framing;

import io.mtflux.transport.OutboundFrame;
import io.mtflux.transport.QuickAck;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Common shape of the framing encoders: accepts {@link ByteBuf} (a packet), {@link OutboundFrame}
 * (a packet with options) and, on the server side, {@link QuickAck}. Each packet is copied into one
 * freshly allocated frame, so later stages (obfuscation) may transform it in place without touching
 * buffers the caller might still share.
 */
abstract class FrameEncoder extends MessageToByteEncoder<Object> {

    /** Room reserved for the largest header plus padding of any framing. */
    private static final int OVERHEAD = 32;

    final Side side;
    private boolean tagPending;

    FrameEncoder(Side side, boolean writeTag) {
        super(Object.class);
        this.side = side;
        this.tagPending = writeTag && side == Side.CLIENT;
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof ByteBuf || msg instanceof OutboundFrame || msg instanceof QuickAck;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Object msg, boolean preferDirect) {
        int size = OVERHEAD;
        if (msg instanceof ByteBuf buf) {
            size += buf.readableBytes();
        } else if (msg instanceof OutboundFrame frame) {
            size += frame.content().readableBytes();
        }
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected final void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
        if (tagPending) {
            tagPending = false;
            writeTag(out);
        }
        if (msg instanceof QuickAck ack) {
            if (side != Side.SERVER) {
                throw new EncoderException("only a server sends quick-ack tokens");
            }
            encodeQuickAck(ack.token(), out);
        } else if (msg instanceof OutboundFrame frame) {
            // A quick-ack request is a client's; servers ignore the flag.
            encodePacket(frame.content(), frame.quickAck() && side == Side.CLIENT, out);
        } else {
            encodePacket((ByteBuf) msg, false, out);
        }
    }

    /** Writes the tag a client sends once before its first packet in plain (non-obfuscated) mode. */
    abstract void writeTag(ByteBuf out);

    /** Frames one packet; {@code quickAck} is only ever true on the client side. */
    abstract void encodePacket(ByteBuf payload, boolean quickAck, ByteBuf out);

    /** Writes a server's quick-ack token in this framing's form. */
    abstract void encodeQuickAck(int token, ByteBuf out);
}
