package io.mtflux.transport.mtproxy;

import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.MalformedFrameException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.io.ByteArrayOutputStream;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Client side of the MTProxy fake-TLS layer (docs/protocol.md 4.8): sends the ClientHello as soon as it is added,
 * verifies the server's HMAC random over its whole reply, then carries all bytes in application-data
 * records (a ChangeCipherSpec record precedes the first one).
 */
public final class FakeTlsClientHandler extends ChannelDuplexHandler {

    /** Upper bound on a server reply before the data phase. */
    private static final int MAX_REPLY = 64 * 1024;

    private final byte[] key;
    private final String domain;
    private final TlsRecordReader reader = new TlsRecordReader();
    private final Sinks.One<Void> handshake = Sinks.one();
    private final ByteArrayOutputStream reply = new ByteArrayOutputStream();
    private byte[] clientRandom;
    private boolean ready;
    private boolean cssSent;
    private boolean failed;

    /**
     * Creates the handler.
     *
     * @param secret a fake-TLS secret
     */
    public FakeTlsClientHandler(MtProxySecret secret) {
        if (secret.type() != MtProxySecret.Type.FAKE_TLS) {
            throw new IllegalArgumentException("fake TLS needs an ee secret");
        }
        this.key = secret.key();
        this.domain = secret.domain();
    }

    /**
     * Completes once the server's reply has verified; errors when it does not.
     *
     * @return the handshake signal
     */
    public Mono<Void> handshake() {
        return handshake.asMono();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            sendHello(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        sendHello(ctx);
        ctx.fireChannelActive();
    }

    private void sendHello(ChannelHandlerContext ctx) {
        if (clientRandom != null) {
            return;
        }
        byte[] hello = FakeTls.clientHello(key, domain, (int) (System.currentTimeMillis() / 1000));
        clientRandom = FakeTls.random(hello);
        ctx.writeAndFlush(ctx.alloc().buffer(hello.length).writeBytes(hello));
        ctx.read();
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
                if (ready) {
                    onDataRecord(ctx, record);
                } else {
                    onHandshakeRecord(ctx, record);
                }
            }
        } catch (MalformedFrameException e) {
            fail(ctx, e);
        }
        if (!ready && !failed) {
            // Reactor Netty keeps auto-read off until someone subscribes; the handshake must still progress.
            ctx.read();
        }
    }

    private void onHandshakeRecord(ChannelHandlerContext ctx, ByteBuf record) {
        try {
            int type = record.getUnsignedByte(record.readerIndex());
            if (reply.size() == 0 && type != 0x16) {
                throw new MalformedFrameException(Reason.BAD_TLS, "server reply does not start with a handshake");
            }
            if (reply.size() + record.readableBytes() > MAX_REPLY) {
                throw new MalformedFrameException(Reason.BAD_TLS, "server reply too long");
            }
            reply.writeBytes(ByteBufUtil.getBytes(record));
            if (type == 0x17) {
                if (!FakeTls.verifyServerHello(key, clientRandom, reply.toByteArray())) {
                    throw new MalformedFrameException(Reason.BAD_TLS, "server reply digest does not match the secret");
                }
                ready = true;
                handshake.tryEmitEmpty();
            }
        } finally {
            record.release();
        }
    }

    private void onDataRecord(ChannelHandlerContext ctx, ByteBuf record) {
        int type = record.getUnsignedByte(record.readerIndex());
        if (type != 0x17) {
            record.release();
            throw new MalformedFrameException(Reason.BAD_TLS, "unexpected TLS record type " + type);
        }
        record.skipBytes(TlsRecordReader.HEADER);
        if (record.isReadable()) {
            ctx.fireChannelRead(record);
        } else {
            record.release();
        }
    }

    private void fail(ChannelHandlerContext ctx, MalformedFrameException e) {
        failed = true;
        reader.release();
        handshake.tryEmitError(e);
        ctx.fireExceptionCaught(e);
        ctx.close();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf data)) {
            ctx.write(msg, promise);
            return;
        }
        if (!ready) {
            data.release();
            promise.setFailure(new IllegalStateException("fake-TLS handshake not complete"));
            return;
        }
        if (!cssSent) {
            cssSent = true;
            ctx.write(ctx.alloc().buffer(FakeTls.CHANGE_CIPHER_SPEC.length).writeBytes(FakeTls.CHANGE_CIPHER_SPEC));
        }
        TlsRecordWriter.write(ctx, data, promise);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Whatever breaks the connection during the handshake is the reason connect() fails.
        handshake.tryEmitError(cause);
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        reader.release();
        handshake.tryEmitError(new MalformedFrameException(Reason.TRUNCATED, "closed during the fake-TLS handshake"));
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        reader.release();
    }
}
