package io.mtflux.transport.internal;

import io.mtflux.transport.QuickAck;
import io.mtflux.transport.TransportInfo;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import reactor.core.publisher.Sinks;

/**
 * Per-channel state shared between the pipeline (which learns things) and the {@code FrameConnection}
 * (which publishes them): quick-ack tokens and the transport description.
 */
public final class ConnectionState {

    private static final AttributeKey<ConnectionState> KEY = AttributeKey.valueOf("mtflux.connectionState");

    private final Sinks.Many<QuickAck> quickAcks = Sinks.many().multicast().directBestEffort();
    private final Sinks.One<TransportInfo> info = Sinks.one();
    private final Sinks.One<Throwable> closeCause = Sinks.one();
    private final InboundFrames inbound = new InboundFrames(this);

    /**
     * The state of {@code channel}, created on first use.
     *
     * @param channel the channel
     * @return its state
     */
    public static ConnectionState of(Channel channel) {
        ConnectionState state = channel.attr(KEY).get();
        if (state == null) {
            state = new ConnectionState();
            ConnectionState previous = channel.attr(KEY).setIfAbsent(state);
            if (previous != null) {
                state = previous;
            }
        }
        return state;
    }

    /**
     * Publishes a quick ack (dropped when nobody listens).
     *
     * @param ack the token
     */
    public void quickAck(QuickAck ack) {
        quickAcks.tryEmitNext(ack);
    }

    /**
     * Records what the connection speaks.
     *
     * @param transportInfo the description
     */
    public void info(TransportInfo transportInfo) {
        info.tryEmitValue(transportInfo);
    }

    /**
     * Records why the transport closed the connection (first cause wins).
     *
     * @param cause the error
     */
    void failed(Throwable cause) {
        closeCause.tryEmitValue(cause);
    }

    /**
     * The error that made the transport close the connection; empty for a clean close.
     *
     * @return the cause
     */
    public Sinks.One<Throwable> closeCause() {
        return closeCause;
    }

    /**
     * The handler that ends the inbound pipeline (install it once, last).
     *
     * @return the inbound handler
     */
    public InboundFrames inbound() {
        return inbound;
    }

    /**
     * The quick-ack sink.
     *
     * @return the sink
     */
    public Sinks.Many<QuickAck> quickAcks() {
        return quickAcks;
    }

    /**
     * The transport-description sink.
     *
     * @return the sink
     */
    public Sinks.One<TransportInfo> info() {
        return info;
    }

    void close() {
        quickAcks.tryEmitComplete();
        info.tryEmitEmpty();
        closeCause.tryEmitEmpty();
    }
}
