package io.mtflux.transport.websocket;

import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.MalformedFrameException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Server side, before the WebSocket upgrade: lets through only a well-formed {@code GET} of the endpoint's path
 * and answers anything else with an HTTP error (400 malformed, 404 another path, 405 another method), then closes
 * the connection. The connection's {@code receive()} ends with a {@link MalformedFrameException}
 * ({@link Reason#UNSUPPORTED_PROTOCOL}) naming the status. The request's URI is never echoed: a path may carry
 * anything.
 */
final class UpgradeRequestFilter extends ChannelInboundHandlerAdapter {

    private final String path;

    /**
     * Creates the filter of one connection.
     *
     * @param path the WebSocket endpoint's path, e.g. {@code /apiws}
     */
    UpgradeRequestFilter(String path) {
        this.path = path;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HttpResponseStatus status;
        if (request.decoderResult().isFailure()) {
            status = HttpResponseStatus.BAD_REQUEST;
        } else if (!path.equals(request.uri())) {
            status = HttpResponseStatus.NOT_FOUND;
        } else if (!HttpMethod.GET.equals(request.method())) {
            status = HttpResponseStatus.METHOD_NOT_ALLOWED;
        } else {
            // Netty's upgrade handler comes next: it answers a GET that is no WebSocket handshake with 400
            // and an unsupported WebSocket version with 426.
            ctx.fireChannelRead(request);
            return;
        }
        request.release();
        reject(ctx, status);
    }

    private void reject(ChannelHandlerContext ctx, HttpResponseStatus status) {
        ByteBuf body = ByteBufUtil.writeUtf8(ctx.alloc(), status + ": this port serves MTProto over TCP and the"
            + " WebSocket upgrade GET " + path + "\n");
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (status.equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
        }
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            // reported after the response went out: the handler then closes the connection
            ctx.fireExceptionCaught(new MalformedFrameException(Reason.UNSUPPORTED_PROTOCOL,
                "HTTP request answered with " + status));
            ctx.close();
        });
    }
}
