package io.mtflux.transport;

import io.netty.buffer.ByteBuf;
import java.net.SocketAddress;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One MTProto transport connection: whole packets in, whole packets out. The same type serves both ends:
 * a client made by {@link MtprotoTransport#tcp()} and each connection a {@link MtprotoTransport#server()}
 * accepts.
 *
 * <p>Each connection owns one dedicated channel; closing it completes {@link #receive()}.
 */
public interface FrameConnection extends Disposable {

    /**
     * The inbound packets, one element per whole MTProto packet (framing and obfuscation removed).
     * Demand drives socket reads: a subscriber that stops requesting stops reading, so the heap does not grow.
     * The subscriber owns each emitted buffer and must release it. Completes when the connection closes;
     * errors with {@link TransportException} for a peer's transport error or {@link MalformedFrameException}
     * for bad bytes (the connection is then closed). Only one subscriber is allowed.
     *
     * @return the inbound packets
     */
    Flux<ByteBuf> receive();

    /**
     * Like {@link #receive()}, with per-packet transport details: on the server side whether the client asked
     * for a quick ack (answer with {@link #sendQuickAck(int)}). Shares {@link #receive()}'s single
     * subscription: use one or the other. The subscriber owns each frame and must release it.
     *
     * @return the inbound frames
     */
    Flux<InboundFrame> receiveFrames();

    /**
     * Sends packets in order; ownership of each buffer passes to the transport. May be called concurrently:
     * each packet is framed whole, packets from one publisher keep their order.
     *
     * @param packets the packets
     * @return completes when all packets are written
     */
    Mono<Void> send(Publisher<? extends ByteBuf> packets);

    /**
     * Sends packets with per-packet options such as a quick-ack request.
     *
     * @param frames the frames
     * @return completes when all frames are written
     */
    Mono<Void> sendFrames(Publisher<OutboundFrame> frames);

    /**
     * Quick acknowledgements received from the server (client side). Optional: tokens are dropped when
     * nobody subscribes. Completes when the connection closes.
     *
     * @return the quick-ack tokens
     */
    Flux<QuickAck> quickAcks();

    /**
     * Sends a quick-ack token (server side).
     *
     * @param token the token; bit 31 is set by the transport
     * @return completes when written
     */
    Mono<Void> sendQuickAck(int token);

    /**
     * Sends a transport error packet (server side), e.g. {@code -404}.
     *
     * @param code a negative code
     * @return completes when written
     */
    Mono<Void> sendTransportError(int code);

    /**
     * What the connection speaks: known at once on the client, after the first bytes on the server.
     *
     * @return the transport description
     */
    Mono<TransportInfo> info();

    /**
     * The peer's address.
     *
     * @return the remote address
     */
    SocketAddress remoteAddress();

    /**
     * Completes when the connection is closed, from either end.
     *
     * @return the close signal
     */
    Mono<Void> onClose();

    /**
     * Why the transport closed the connection: emits the {@link MalformedFrameException},
     * {@link TransportException} or I/O error that ended it, or completes empty after a clean close. Unlike
     * {@link #receive()} it reports the cause even when nobody was receiving (e.g. a server handler that the
     * close already cancelled).
     *
     * @return the close cause
     */
    Mono<Throwable> closeCause();

    /**
     * The thread that runs this connection's I/O (its event loop). A task handed to it from that thread runs
     * after the frames of the current socket read have been delivered, so a caller can gather what those frames
     * produce and send it in one packet. The default runs tasks at once, on the caller's thread.
     *
     * @return the connection's executor
     */
    default java.util.concurrent.Executor executor() {
        return Runnable::run;
    }
}
