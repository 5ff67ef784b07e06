package io.mtflux.transport.mtproxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Wraps outbound bytes in TLS application-data records ({@code 17 03 03 ‖ uint16 BE length ‖ data}). */
final class TlsRecordWriter {

    private TlsRecordWriter() {
    }

    static void write(ChannelHandlerContext ctx, ByteBuf data, ChannelPromise promise) {
        if (!data.isReadable()) {
            ctx.write(data, promise);
            return;
        }
        CompositeByteBuf out = ctx.alloc().compositeBuffer();
        try {
            while (data.isReadable()) {
                int n = Math.min(FakeTls.MAX_RECORD_PAYLOAD, data.readableBytes());
                ByteBuf header = ctx.alloc().buffer(5).writeByte(0x17).writeByte(0x03).writeByte(0x03).writeShort(n);
                out.addComponent(true, header);
                out.addComponent(true, data.readRetainedSlice(n));
            }
        } finally {
            data.release();
        }
        ctx.write(out, promise);
    }
}
