package io.mtflux.transport.framing;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.EncoderException;

/**
 * Abridged framing, docs/protocol.md 4.1: {@code len/4} in one byte when below 127, else {@code 0x7f} and
 * {@code len/4} as 3 bytes LE. A client's quick-ack request sets the top bit of the first byte; a
 * server's quick-ack token travels byte-swapped without a length.
 */
final class AbridgedEncoder extends FrameEncoder {

    /** The largest payload the 3-byte word count can express. */
    static final int MAX_PAYLOAD = 0xffffff * 4;

    AbridgedEncoder(Side side, boolean writeTag) {
        super(side, writeTag);
    }

    @Override
    void writeTag(ByteBuf out) {
        out.writeByte(0xef);
    }

    @Override
    void encodePacket(ByteBuf payload, boolean quickAck, ByteBuf out) {
        int len = payload.readableBytes();
        if ((len & 3) != 0 || len > MAX_PAYLOAD) {
            throw new EncoderException("abridged framing needs a payload length that is a multiple of 4 and at most "
                + MAX_PAYLOAD + ", got " + len);
        }
        int words = len >>> 2;
        int ackBit = quickAck ? 0x80 : 0;
        if (words < 0x7f) {
            out.writeByte(words | ackBit);
        } else {
            out.writeByte(0x7f | ackBit);
            out.writeMediumLE(words);
        }
        out.writeBytes(payload, payload.readerIndex(), len);
    }

    @Override
    void encodeQuickAck(int token, ByteBuf out) {
        // Byte-swapped, so its first byte has the top bit set and cannot be mistaken for a length.
        out.writeInt(token | 0x80000000);
    }
}
