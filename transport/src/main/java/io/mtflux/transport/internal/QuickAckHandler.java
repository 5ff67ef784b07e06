package io.mtflux.transport.internal;

import io.mtflux.transport.QuickAck;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Takes quick-ack tokens out of the inbound stream so that they reach their listeners at once,
 * independent of how fast the packet subscriber drains its queue.
 */
final class QuickAckHandler extends ChannelInboundHandlerAdapter {

    private final ConnectionState state;

    /**
     * Creates the tap.
     *
     * @param state where to publish tokens
     */
    QuickAckHandler(ConnectionState state) {
        this.state = state;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof QuickAck ack) {
            state.quickAck(ack);
        } else {
            ctx.fireChannelRead(msg);
        }
    }
}
