package io.mtflux.transport.framing;

import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.MalformedFrameException.Reason;
import io.mtflux.transport.TransportException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Common shape of the framing decoders. Emits each whole packet as a {@link ByteBuf} (owned by the next
 * handler), or on the server side as an {@link io.mtflux.transport.InboundFrame} when the client asked for a
 * quick ack, and on the client side {@link io.mtflux.transport.QuickAck} tokens. Bad input is fatal for
 * the connection: the decoder fires one typed exception, discards everything after it and closes the
 * channel, so a hostile peer costs at most one frame header of work.
 */
abstract class FrameDecoder extends ByteToMessageDecoder {

    final Side side;
    final int maxFrameLength;
    private boolean failed;

    FrameDecoder(Side side, int maxFrameLength) {
        if (maxFrameLength <= 0) {
            throw new IllegalArgumentException("maxFrameLength must be positive");
        }
        this.side = side;
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            // One call may decode several frames; ByteToMessageDecoder loops while we make progress.
            decodeFrame(in, out);
        } catch (MalformedFrameException | TransportException e) {
            fail(ctx, in, e);
        }
    }

    @Override
    protected final void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (!failed && in.isReadable()) {
            fail(ctx, in, new MalformedFrameException(Reason.TRUNCATED,
                "connection closed inside a frame (" + in.readableBytes() + " bytes pending)"));
        }
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, RuntimeException error) {
        failed = true;
        in.skipBytes(in.readableBytes());
        ctx.fireExceptionCaught(error);
        ctx.close();
    }

    /**
     * Decodes at most one frame from {@code in}; leaves {@code in} untouched when the frame is incomplete.
     */
    abstract void decodeFrame(ByteBuf in, List<Object> out);

    /** Checks a payload length read from the wire. */
    final void checkLength(long length) {
        if (length < 0) {
            throw new MalformedFrameException(Reason.BAD_LENGTH, "negative frame length " + length);
        }
        if (length > maxFrameLength) {
            throw new MalformedFrameException(Reason.FRAME_TOO_LARGE,
                "frame of " + length + " bytes exceeds the limit of " + maxFrameLength);
        }
    }

    /**
     * On the client side a 4-byte payload holding a negative int is a transport error (docs/protocol.md 4.6);
     * MTProto itself never sends packets that short.
     */
    final void checkTransportError(ByteBuf in, int payloadIndex, int payloadLength) {
        if (side == Side.CLIENT && payloadLength == 4) {
            int code = in.getIntLE(payloadIndex);
            if (code < 0) {
                throw TransportException.of(code);
            }
        }
    }
}
