package io.mtflux.transport.mtproxy;

import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.MalformedFrameException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Cuts a byte stream into TLS records ({@code type ‖ 03 0x ‖ uint16 BE length ‖ payload}) for the fake-TLS
 * layer. Holds at most one partial record; the owner must call {@link #release()} when the channel ends.
 */
final class TlsRecordReader {

    static final int HEADER = 5;

    private CompositeByteBuf buffer;

    void add(ByteBufAllocator alloc, ByteBuf data) {
        if (buffer == null) {
            buffer = alloc.compositeBuffer(Integer.MAX_VALUE);
        }
        buffer.addComponent(true, data);
    }

    /**
     * The next whole record (header included), owned by the caller, or null when incomplete.
     *
     * @throws MalformedFrameException when the header is not a TLS 1.x record or the length is too large
     */
    ByteBuf next() {
        if (buffer == null || buffer.readableBytes() < HEADER) {
            return null;
        }
        int r = buffer.readerIndex();
        int type = buffer.getUnsignedByte(r);
        if (type < 0x14 || type > 0x17 || buffer.getUnsignedByte(r + 1) != 0x03) {
            throw new MalformedFrameException(Reason.BAD_TLS, "not a TLS record (type " + type + ")");
        }
        int len = buffer.getUnsignedShort(r + 3);
        if (len > FakeTls.MAX_INBOUND_RECORD) {
            throw new MalformedFrameException(Reason.BAD_TLS, "TLS record of " + len + " bytes");
        }
        if (buffer.readableBytes() < HEADER + len) {
            return null;
        }
        // A copy, not a slice: discarding read components re-bases the composite and would break slices.
        ByteBuf record = buffer.alloc().buffer(HEADER + len);
        buffer.readBytes(record, HEADER + len);
        buffer.discardReadComponents();
        return record;
    }

    void release() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }
}
