package io.mtflux.transport.obfuscation;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * obfuscated2 on a channel (docs/protocol.md 4.7): every byte read is run through the decrypt stream and every
 * byte written through the encrypt stream, in place. On the client side the 64-byte init header goes out
 * just before the first written bytes.
 */
public final class ObfuscationHandler extends ChannelDuplexHandler {

    private final AesCtr encrypt;
    private final AesCtr decrypt;
    private byte[] pendingHeader;

    /**
     * A client-side handler that sends {@code header} before its first write.
     *
     * @param header a header made by {@link ObfuscatedHeader#client}
     * @return the handler
     */
    public static ObfuscationHandler client(ObfuscatedHeader header) {
        return new ObfuscationHandler(header, header.wireBytes());
    }

    /**
     * A server-side handler whose streams continue after the received header.
     *
     * @param header a header accepted by {@link ObfuscatedHeader#server}
     * @return the handler
     */
    public static ObfuscationHandler server(ObfuscatedHeader header) {
        return new ObfuscationHandler(header, null);
    }

    private ObfuscationHandler(ObfuscatedHeader header, byte[] pendingHeader) {
        this.encrypt = header.encryptStream();
        this.decrypt = header.decryptStream();
        this.pendingHeader = pendingHeader;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            decrypt.apply(buf);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.write(msg, promise);
            return;
        }
        if (pendingHeader != null) {
            ctx.write(ctx.alloc().buffer(ObfuscatedHeader.LENGTH).writeBytes(pendingHeader));
            pendingHeader = null;
        }
        if (!buf.isReadable()) {
            ctx.write(buf, promise);
            return;
        }
        ByteBuf target = buf;
        if (buf.isReadOnly() || buf.refCnt() != 1) {
            // Never transform bytes someone else may still read.
            target = ctx.alloc().buffer(buf.readableBytes()).writeBytes(buf);
            buf.release();
        }
        encrypt.apply(target);
        ctx.write(target, promise);
    }

    /**
     * Sends the pending header now, for transports that must open with it before any packet.
     *
     * @param ctx this handler's context
     */
    public void flushHeader(ChannelHandlerContext ctx) {
        if (pendingHeader != null) {
            ctx.writeAndFlush(ctx.alloc().buffer(ObfuscatedHeader.LENGTH).writeBytes(pendingHeader));
            pendingHeader = null;
        }
    }
}
