package io.mtflux.transport.framing;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.EncoderException;
import java.util.zip.CRC32;

/**
 * Full framing, docs/protocol.md 4.4: {@code total_len ‖ seqno ‖ payload ‖ crc32}, total_len = payload + 12,
 * seqno a per-direction packet counter from 0, CRC32 (IEEE) over everything before it. It has no tag,
 * no quick-ack form and cannot be obfuscated.
 */
final class FullEncoder extends FrameEncoder {

    private final CRC32 crc = new CRC32();
    private int seqNo;

    FullEncoder(Side side) {
        super(side, false);
    }

    @Override
    void writeTag(ByteBuf out) {
        // Full transport has no tag: servers recognise it by the zero seqno of the first packet.
    }

    @Override
    void encodePacket(ByteBuf payload, boolean quickAck, ByteBuf out) {
        int len = payload.readableBytes();
        int start = out.writerIndex();
        out.writeIntLE(len + 12);
        out.writeIntLE(seqNo++);
        out.writeBytes(payload, payload.readerIndex(), len);
        crc.reset();
        crc.update(out.nioBuffer(start, len + 8));
        out.writeIntLE((int) crc.getValue());
    }

    @Override
    void encodeQuickAck(int token, ByteBuf out) {
        throw new EncoderException("full framing has no quick-ack form");
    }
}
