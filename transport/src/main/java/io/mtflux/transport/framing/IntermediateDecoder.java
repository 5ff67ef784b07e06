package io.mtflux.transport.framing;

import io.mtflux.transport.InboundFrame;
import io.mtflux.transport.QuickAck;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Intermediate and padded intermediate decoder, docs/protocol.md 4.2–4.3. Padded payloads are emitted with
 * their padding: the MTProto layer knows its own message length (see {@link PaddedIntermediate}).
 */
final class IntermediateDecoder extends FrameDecoder {

    /** Shortest MTProto message (an unencrypted one with an empty body): anything shorter is a control packet. */
    private static final int MIN_MESSAGE = 20;

    private final boolean padded;

    IntermediateDecoder(Side side, boolean padded, int maxFrameLength) {
        super(side, maxFrameLength);
        this.padded = padded;
    }

    @Override
    void decodeFrame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int start = in.readerIndex();
        int word = in.getIntLE(start);
        if (word < 0 && side == Side.CLIENT) {
            // A server's quick ack: the token itself (bit 31 set) with no payload.
            in.skipBytes(4);
            out.add(new QuickAck(word));
            return;
        }
        // On the server side bit 31 is the client's quick-ack request.
        long length = side == Side.SERVER ? word & 0x7fffffffL : word;
        checkLength(length);
        int len = (int) length;
        if (in.readableBytes() < 4 + len) {
            return;
        }
        int payload = start + 4;
        if (padded && side == Side.CLIENT && len >= 8 && len < MIN_MESSAGE + 4 && in.getIntLE(payload) == -1) {
            // 4.3: FF FF FF FF, the token, 0..8 random bytes.
            in.skipBytes(4 + len);
            out.add(new QuickAck(in.getIntLE(payload + 4)));
            return;
        }
        if (padded && side == Side.CLIENT && len >= 4 && len < MIN_MESSAGE && in.getIntLE(payload) < 0) {
            // A transport error followed by padding.
            checkTransportError(in, payload, 4);
        }
        checkTransportError(in, payload, len);
        in.skipBytes(4);
        ByteBuf packet = in.readRetainedSlice(len);
        out.add(side == Side.SERVER && word < 0 ? new InboundFrame(packet, true) : packet);
    }
}
