package io.mtflux.transport.internal;

import io.mtflux.transport.InboundFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The end of the transport's inbound pipeline: hands decoded packets to one subscriber, as fast as it
 * requests them. Socket reads follow demand: auto-read is on only while the subscriber has asked for more
 * than is queued, so at most one read's worth of packets waits here. Completion and errors are taken in
 * pipeline order (after the last packet), so no packet read before the close is ever lost.
 *
 * <p>All state is confined to the channel's event loop.
 */
public final class InboundFrames extends ChannelInboundHandlerAdapter {

    private final ConnectionState state;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private Channel channel;
    private volatile EventExecutor executor;
    private FluxSink<Object> sink;
    private boolean subscribed;
    private boolean done;
    private boolean cancelled;
    private Throwable error;

    InboundFrames(ConnectionState state) {
        this.state = state;
    }

    /**
     * The packets of {@code channel}, whose pipeline holds this handler.
     *
     * @param ch the channel
     * @return a flux of {@link ByteBuf} and {@link InboundFrame} that accepts one subscriber
     */
    public Flux<Object> flux(Channel ch) {
        return Flux.<Object>create(s -> {
            EventExecutor loop = executor;
            if (loop == null) {
                s.error(new IllegalStateException("connection has no event loop yet"));
                return;
            }
            loop.execute(() -> attach(ch, s, loop));
        }, FluxSink.OverflowStrategy.IGNORE) // drain() emits only what was requested: the sink needs no queue
            // A packet racing a cancellation ends up discarded by the sink: release it, never leak it.
            .doOnDiscard(ReferenceCounted.class, ReferenceCountUtil::release);
    }

    private void attach(Channel ch, FluxSink<Object> s, EventExecutor loop) {
        // runs on the event loop
        if (subscribed) {
            s.error(new IllegalStateException("receive() allows only one subscriber"));
            return;
        }
        subscribed = true;
        channel = ch;
        sink = s;
        // The channel may deregister (and lose its event loop) on close; its former loop still runs tasks.
        s.onRequest(n -> loop.execute(this::drain));
        s.onDispose(() -> loop.execute(this::cancel));
        drain();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        executor = ctx.executor();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf) && !(msg instanceof InboundFrame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (cancelled || done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        queue.add(msg);
        drain();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done = true;
        drain();
        state.close();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Every error is fatal for an MTProto connection: report it after the packets already read, then close.
        if (!done) {
            error = cause;
            done = true;
            state.failed(cause);
        }
        drain();
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // Netty empties the pipeline when a closed channel deregisters; packets read before the close stay
        // queued for a subscriber that has not drained them yet.
        if (cancelled) {
            releaseQueue();
        }
        // Closing signals are sent in channelInactive, after any error a truncated frame raised; this is the
        // fallback for a pipeline torn down without it.
        state.close();
    }

    private void drain() {
        if (sink == null) {
            return;
        }
        if (cancelled) {
            releaseQueue();
        } else {
            while (!queue.isEmpty() && sink.requestedFromDownstream() > 0 && !sink.isCancelled()) {
                sink.next(queue.poll());
            }
            if (queue.isEmpty() && done) {
                FluxSink<Object> s = sink;
                sink = null;
                if (error != null) {
                    s.error(error);
                } else {
                    s.complete();
                }
                return;
            }
        }
        updateAutoRead();
    }

    private void updateAutoRead() {
        if (channel == null || done) {
            return;
        }
        boolean wanted = cancelled || (sink != null && sink.requestedFromDownstream() > queue.size());
        if (channel.config().isAutoRead() != wanted) {
            channel.config().setAutoRead(wanted);
        }
    }

    private void cancel() {
        if (sink == null) {
            return;
        }
        // A cancelled subscriber wants no more packets: drop them, but keep reading so the peer is not stalled.
        cancelled = true;
        releaseQueue();
        updateAutoRead();
    }

    private void releaseQueue() {
        Object msg;
        while ((msg = queue.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }
}
