package io.mtflux.transport.framing;

import io.mtflux.transport.InboundFrame;
import io.mtflux.transport.QuickAck;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** Abridged framing decoder, docs/protocol.md 4.1. See {@link AbridgedEncoder} for the layout. */
final class AbridgedDecoder extends FrameDecoder {

    AbridgedDecoder(Side side, int maxFrameLength) {
        super(side, maxFrameLength);
    }

    @Override
    void decodeFrame(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        if (in.readableBytes() < 1) {
            return;
        }
        int first = in.getUnsignedByte(start);
        if ((first & 0x80) != 0 && side == Side.CLIENT) {
            // Server length bytes are <= 0x7f, so a set top bit is a byte-swapped quick-ack token.
            if (in.readableBytes() < 4) {
                return;
            }
            out.add(new QuickAck(in.readInt()));
            return;
        }
        // On the server side the top bit is the client's quick-ack request; the length is the rest.
        int marker = first & 0x7f;
        int headerLength;
        long length;
        if (marker < 0x7f) {
            headerLength = 1;
            length = marker * 4L;
        } else {
            if (in.readableBytes() < 4) {
                return;
            }
            headerLength = 4;
            length = in.getUnsignedMediumLE(start + 1) * 4L;
        }
        checkLength(length);
        int len = (int) length;
        if (in.readableBytes() < headerLength + len) {
            return;
        }
        checkTransportError(in, start + headerLength, len);
        in.skipBytes(headerLength);
        ByteBuf payload = in.readRetainedSlice(len);
        boolean quickAck = side == Side.SERVER && (first & 0x80) != 0;
        out.add(quickAck ? new InboundFrame(payload, true) : payload);
    }
}
