package io.mtflux.transport.websocket;

import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.MalformedFrameException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * Turns WebSocket binary messages into a byte stream and back, so the usual obfuscated2 and framing stages
 * run unchanged on top (Telegram's web transport: obfuscated2 + intermediate inside binary frames). Message
 * boundaries carry no meaning (https://core.telegram.org/mtproto/transports#websocket); control frames pass
 * through to the WebSocket handler in front (Reactor Netty's on the client, Netty's on the server), which answers
 * pings and closes.
 */
public final class WebSocketFrameAdapter extends ChannelDuplexHandler {

    /** Largest binary message written. */
    public static final int MAX_OUTBOUND_FRAME = 64 * 1024;

    /** Largest binary message accepted (Reactor Netty's spec limit), above any packet we accept. */
    public static final int MAX_INBOUND_FRAME = Integer.MAX_VALUE / 2;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
            ByteBuf content = ((io.netty.handler.codec.http.websocketx.WebSocketFrame) msg).content();
            ctx.fireChannelRead(content);
        } else if (msg instanceof TextWebSocketFrame text) {
            text.release();
            ctx.fireExceptionCaught(new MalformedFrameException(Reason.UNSUPPORTED_PROTOCOL,
                "text WebSocket frame on a binary transport"));
            ctx.close();
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            // Server: reads follow demand, and the read that brought the upgrade request produced a message, so
            // nothing asks for the first binary message unless the stages behind do; ask for it here.
            ctx.read();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            if (!buf.isReadable()) {
                // An empty binary frame would carry nothing: drop it rather than send noise.
                buf.release();
                promise.setSuccess();
                return;
            }
            // Peers commonly cap a frame at 64 KiB; a large packet goes out as several binary messages.
            if (buf.readableBytes() <= MAX_OUTBOUND_FRAME) {
                ctx.write(new BinaryWebSocketFrame(buf), promise);
                return;
            }
            while (buf.readableBytes() > MAX_OUTBOUND_FRAME) {
                ctx.write(new BinaryWebSocketFrame(buf.readRetainedSlice(MAX_OUTBOUND_FRAME)));
            }
            ctx.write(new BinaryWebSocketFrame(buf), promise);
        } else {
            ctx.write(msg, promise);
        }
    }
}
