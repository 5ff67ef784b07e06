package io.mtflux.transport.framing;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Intermediate (docs/protocol.md 4.2) and padded intermediate (4.3) framing: int32 LE length, payload, and
 * for padded 0–15 random bytes counted in the length. Bit 31 of a client's length asks for a quick ack.
 */
final class IntermediateEncoder extends FrameEncoder {

    /** Shortest MTProto message: an unencrypted one with an empty body. */
    private static final int SHORTEST_MESSAGE = 20;

    private final boolean padded;

    IntermediateEncoder(Side side, boolean padded, boolean writeTag) {
        super(side, writeTag);
        this.padded = padded;
    }

    @Override
    void writeTag(ByteBuf out) {
        out.writeIntLE(padded ? 0xdddddddd : 0xeeeeeeee);
    }

    @Override
    void encodePacket(ByteBuf payload, boolean quickAck, ByteBuf out) {
        int len = payload.readableBytes();
        // Padding only shapes traffic; it needs no cryptographic randomness.
        int pad = padded ? ThreadLocalRandom.current().nextInt(16) : 0;
        out.writeIntLE((len + pad) | (quickAck ? 0x80000000 : 0));
        out.writeBytes(payload, payload.readerIndex(), len);
        if (len < SHORTEST_MESSAGE) {
            // Not an MTProto message (those are >= 20 bytes): zero padding, so that random bytes can never
            // make the packet look like a quick ack (FF FF FF FF) or a transport error (negative int).
            out.writeZero(pad);
        } else {
            writeRandom(out, pad);
        }
    }

    @Override
    void encodeQuickAck(int token, ByteBuf out) {
        int ack = token | 0x80000000;
        if (padded) {
            // 4.3: a short packet holding FF FF FF FF, the token and 0..8 random bytes.
            int extra = ThreadLocalRandom.current().nextInt(9);
            out.writeIntLE(8 + extra);
            out.writeIntLE(-1);
            out.writeIntLE(ack);
            writeRandom(out, extra);
        } else {
            out.writeIntLE(ack);
        }
    }

    private static void writeRandom(ByteBuf out, int count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < count; i++) {
            out.writeByte(random.nextInt(256));
        }
    }
}
