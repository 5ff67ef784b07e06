package io.mtflux.transport.mtproxy;

import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.MalformedFrameException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Server side of the MTProxy fake-TLS layer (docs/protocol.md 4.8): checks the ClientHello's HMAC and timestamp,
 * answers with ServerHello + ChangeCipherSpec + a random application-data record carrying the HMAC server
 * random, then unwraps the client's application-data records and wraps everything it sends.
 */
public final class FakeTlsServerHandler extends ChannelDuplexHandler {

    private final byte[] key;
    private final long maxSkewSeconds;
    private final TlsRecordReader reader = new TlsRecordReader();
    private boolean helloDone;
    private boolean failed;
    private boolean firedSinceLastComplete;

    /**
     * Creates the handler.
     *
     * @param secret the proxy's fake-TLS secret
     * @param maxSkew how far the client's clock may be from ours
     */
    public FakeTlsServerHandler(MtProxySecret secret, Duration maxSkew) {
        if (secret.type() != MtProxySecret.Type.FAKE_TLS) {
            throw new IllegalArgumentException("fake TLS needs an ee secret");
        }
        this.key = secret.key();
        this.maxSkewSeconds = maxSkew.toSeconds();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf data)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (failed) {
            data.release();
            return;
        }
        reader.add(ctx.alloc(), data);
        try {
            ByteBuf record;
            while ((record = reader.next()) != null) {
                if (helloDone) {
                    onDataRecord(ctx, record);
                } else {
                    onHello(ctx, record);
                }
            }
        } catch (MalformedFrameException e) {
            failed = true;
            reader.release();
            ctx.fireExceptionCaught(e);
            ctx.close();
        }
    }

    private void onHello(ChannelHandlerContext ctx, ByteBuf record) {
        byte[] hello;
        try {
            hello = ByteBufUtil.getBytes(record);
        } finally {
            record.release();
        }
        if ((hello[0] & 0xff) != 0x16 || hello[2] != 0x01) {
            throw new MalformedFrameException(Reason.BAD_TLS, "expected a TLS ClientHello");
        }
        int time = FakeTls.verifyClientHello(key, hello);
        long skew = Math.abs(System.currentTimeMillis() / 1000 - (time & 0xffffffffL));
        if (skew > maxSkewSeconds) {
            throw new MalformedFrameException(Reason.BAD_TLS, "ClientHello timestamp off by " + skew + " s");
        }
        byte[] reply = FakeTls.serverHello(key, FakeTls.random(hello), FakeTls.sessionId(hello),
            1024 + ThreadLocalRandom.current().nextInt(3072));
        helloDone = true;
        ctx.writeAndFlush(ctx.alloc().buffer(reply.length).writeBytes(reply));
    }

    private void onDataRecord(ChannelHandlerContext ctx, ByteBuf record) {
        int type = record.getUnsignedByte(record.readerIndex());
        if (type == 0x14) {
            // The client's one ChangeCipherSpec before its data: nothing to deliver.
            record.release();
            return;
        }
        if (type != 0x17) {
            record.release();
            throw new MalformedFrameException(Reason.BAD_TLS, "unexpected TLS record type " + type);
        }
        record.skipBytes(TlsRecordReader.HEADER);
        if (record.isReadable()) {
            firedSinceLastComplete = true;
            ctx.fireChannelRead(record);
        } else {
            record.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Pull bytes ourselves while the handshake runs or a record is incomplete: nothing downstream saw a
        // read, so nothing downstream knows it should ask for another.
        if (!failed && (!helloDone || !firedSinceLastComplete)) {
            ctx.read();
        }
        firedSinceLastComplete = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf data && helloDone) {
            TlsRecordWriter.write(ctx, data, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        reader.release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        reader.release();
    }
}
