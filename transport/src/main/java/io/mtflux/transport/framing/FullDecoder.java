package io.mtflux.transport.framing;

import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.MalformedFrameException.Reason;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.zip.CRC32;

/** Full framing decoder, docs/protocol.md 4.4: checks both the CRC32 and the expected packet counter. */
final class FullDecoder extends FrameDecoder {

    private final CRC32 crc = new CRC32();
    private int expectedSeqNo;

    FullDecoder(Side side, int maxFrameLength) {
        super(side, maxFrameLength);
    }

    @Override
    void decodeFrame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int start = in.readerIndex();
        long total = in.getIntLE(start);
        if (total < 12) {
            throw new MalformedFrameException(Reason.BAD_LENGTH, "full frame length " + total + " is below 12");
        }
        checkLength(total - 12);
        int len = (int) total;
        if (in.readableBytes() < len) {
            return;
        }
        int seqNo = in.getIntLE(start + 4);
        if (seqNo != expectedSeqNo) {
            throw new MalformedFrameException(Reason.SEQNO_MISMATCH,
                "expected packet " + expectedSeqNo + ", got " + seqNo);
        }
        crc.reset();
        crc.update(in.nioBuffer(start, len - 4));
        int expectedCrc = (int) crc.getValue();
        int actualCrc = in.getIntLE(start + len - 4);
        if (expectedCrc != actualCrc) {
            throw new MalformedFrameException(Reason.CRC_MISMATCH, "CRC32 mismatch in packet " + seqNo);
        }
        checkTransportError(in, start + 8, len - 12);
        expectedSeqNo++;
        in.skipBytes(8);
        out.add(in.readRetainedSlice(len - 12));
        in.skipBytes(4);
    }
}
