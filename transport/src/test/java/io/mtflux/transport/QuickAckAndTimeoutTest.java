package io.mtflux.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.transport.framing.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.timeout.ReadTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Quick acks end to end (request bit on send, typed tokens on receive) and the idle read timeout hook. */
class QuickAckAndTimeoutTest {

    private static final int TOKEN = 0x80000000 | 0x1d57cd02;

    @ParameterizedTest
    @EnumSource(value = Framing.class, names = {"ABRIDGED", "INTERMEDIATE", "PADDED_INTERMEDIATE"})
    void quickAckRoundTrip(Framing framing) {
        FrameServer server = MtprotoTransport.server()
            // The server sees which packet asked for a quick ack, and answers only that one.
            .handle(conn -> conn.receiveFrames().take(2)
                .map(frame -> {
                    boolean requested = frame.quickAckRequested();
                    frame.release();
                    return requested;
                })
                .collectList()
                .flatMap(flags -> flags.equals(List.of(false, true)) ? conn.sendQuickAck(TOKEN)
                    : Mono.error(new AssertionError("quick-ack flags " + flags)))
                .then(conn.send(Mono.fromSupplier(() -> Unpooled.buffer(24).writeZero(24))))
                .then(conn.onClose()))
            .bind().block(Duration.ofSeconds(10));
        try {
            FrameConnection conn = MtprotoTransport.tcp().host("127.0.0.1").port(server.port())
                .framing(framing).obfuscated(true)
                .connect().block(Duration.ofSeconds(10));
            Mono<List<QuickAck>> acks = conn.quickAcks().take(1).collectList().cache();
            acks.subscribe();
            conn.sendFrames(Flux.just(1, 2).map(i -> i == 1 ? OutboundFrame.of(Unpooled.buffer(24).writeZero(24))
                    : OutboundFrame.withQuickAck(Unpooled.buffer(24).writeZero(24))))
                .subscribe();
            ByteBuf packet = conn.receive().next().block(Duration.ofSeconds(10));
            assertThat(packet.readableBytes()).isGreaterThanOrEqualTo(24);
            packet.release();
            assertThat(acks.block(Duration.ofSeconds(10))).containsExactly(new QuickAck(TOKEN));
            conn.dispose();
        } finally {
            server.dispose();
        }
    }

    @Test
    void serverReadTimeoutClosesAnIdleClient() {
        java.util.List<Throwable> causes = new java.util.concurrent.CopyOnWriteArrayList<>();
        FrameServer server = MtprotoTransport.server().readTimeout(Duration.ofMillis(300))
            .handle(conn -> {
                conn.closeCause().subscribe(causes::add);
                return conn.receive().doOnNext(ByteBuf::release).then().onErrorResume(e -> Mono.empty());
            })
            .bind().block(Duration.ofSeconds(10));
        try {
            FrameConnection conn = MtprotoTransport.tcp().host("127.0.0.1").port(server.port())
                .connect().block(Duration.ofSeconds(10));
            conn.send(Mono.fromSupplier(() -> Unpooled.buffer(24).writeZero(24))).block(Duration.ofSeconds(5));
            conn.onClose().block(Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (causes.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(causes).singleElement().isInstanceOf(ReadTimeoutException.class);
        } finally {
            server.dispose();
        }
    }

    @Test
    void readTimeoutClosesAnIdleConnection() {
        FrameServer silent = MtprotoTransport.server()
            .handle(conn -> conn.receive().doOnNext(ByteBuf::release).then()).bind()
            .block(Duration.ofSeconds(10));
        try {
            FrameConnection conn = MtprotoTransport.tcp().host("127.0.0.1").port(silent.port())
                .readTimeout(Duration.ofMillis(300))
                .connect().block(Duration.ofSeconds(10));
            StepVerifier.create(conn.receive())
                .expectError(ReadTimeoutException.class)
                .verify(Duration.ofSeconds(10));
            conn.onClose().block(Duration.ofSeconds(10));
        } finally {
            silent.dispose();
        }
    }
}
