package io.mtflux.transport.internal;

import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.InboundFrame;
import io.mtflux.transport.OutboundFrame;
import io.mtflux.transport.QuickAck;
import io.mtflux.transport.TransportInfo;
import io.netty.buffer.ByteBuf;
import java.net.SocketAddress;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/** {@link FrameConnection} over a Reactor Netty {@link Connection} whose pipeline holds the transport codecs. */
public final class ReactorFrameConnection implements FrameConnection {

    private final Connection connection;
    private final ConnectionState state;

    /**
     * Wraps a connection.
     *
     * @param connection the Reactor Netty connection
     */
    public ReactorFrameConnection(Connection connection) {
        this.connection = connection;
        this.state = ConnectionState.of(connection.channel());
    }

    @Override
    public Flux<ByteBuf> receive() {
        return state.inbound().flux(connection.channel())
            .map(o -> o instanceof InboundFrame frame ? frame.content() : (ByteBuf) o);
    }

    @Override
    public Flux<InboundFrame> receiveFrames() {
        return state.inbound().flux(connection.channel())
            .map(o -> o instanceof InboundFrame frame ? frame : new InboundFrame((ByteBuf) o, false));
    }

    @Override
    public Mono<Void> send(Publisher<? extends ByteBuf> packets) {
        // Wrapped in a ByteBufHolder because Reactor Netty silently drops empty ByteBufs, and an empty packet
        // is still a frame on the wire.
        return sendFrames(Flux.from(packets).map(OutboundFrame::of));
    }

    @Override
    public Mono<Void> sendFrames(Publisher<OutboundFrame> frames) {
        return connection.outbound().sendObject(frames).then();
    }

    @Override
    public Flux<QuickAck> quickAcks() {
        return state.quickAcks().asFlux();
    }

    @Override
    public Mono<Void> sendQuickAck(int token) {
        return connection.outbound().sendObject(Mono.fromSupplier(() -> new QuickAck(token | 0x80000000))).then();
    }

    @Override
    public Mono<Void> sendTransportError(int code) {
        if (code >= 0) {
            return Mono.error(new IllegalArgumentException("transport error codes are negative"));
        }
        return send(Mono.fromSupplier(() -> connection.channel().alloc().buffer(4).writeIntLE(code)));
    }

    @Override
    public Mono<TransportInfo> info() {
        return state.info().asMono();
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection.channel().remoteAddress();
    }

    @Override
    public Mono<Void> onClose() {
        return connection.onDispose();
    }

    @Override
    public Mono<Throwable> closeCause() {
        return state.closeCause().asMono();
    }

    @Override
    public java.util.concurrent.Executor executor() {
        return connection.channel().eventLoop();
    }

    @Override
    public void dispose() {
        connection.dispose();
    }

    @Override
    public boolean isDisposed() {
        return connection.isDisposed();
    }

    @Override
    public String toString() {
        return "FrameConnection[" + connection.channel() + "]";
    }
}
