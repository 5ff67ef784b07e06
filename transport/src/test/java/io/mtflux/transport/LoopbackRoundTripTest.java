package io.mtflux.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.testing.TestPackets;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every framing x {plain, obfuscated2} between the client and the server side on loopback: packets of 0, 4,
 * 1 KiB and 1 MiB from concurrent senders, echoed back by the server, so both directions are checked.
 */
class LoopbackRoundTripTest {

    private static final int SENDERS = 4;
    private static final int ROUNDS = 2;

    private static FrameServer echo;

    @BeforeAll
    static void startServer() {
        echo = MtprotoTransport.server()
            .handle(conn -> conn.send(conn.receive()))
            .bind()
            .block(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopServer() {
        echo.dispose();
        echo.onDispose().block(Duration.ofSeconds(10));
    }

    static Stream<Arguments> transports() {
        List<Arguments> out = new ArrayList<>();
        for (Framing f : Framing.values()) {
            out.add(Arguments.of(f, false));
            if (f.supportsObfuscation()) {
                out.add(Arguments.of(f, true));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} obfuscated={1}")
    @MethodSource("transports")
    void concurrentSendersRoundTrip(Framing framing, boolean obfuscated) {
        FrameConnection conn = MtprotoTransport.tcp()
            .host("127.0.0.1").port(echo.port())
            .framing(framing).obfuscated(obfuscated).dcId(2)
            .connect()
            .block(Duration.ofSeconds(10));
        int slack = framing == Framing.PADDED_INTERMEDIATE ? 30 : 0;
        int expected = SENDERS * ROUNDS * TestPackets.SIZES.length;
        AtomicIntegerArray perClass = new AtomicIntegerArray(TestPackets.SIZES.length);
        Mono<Void> received = conn.receive()
            .take(expected)
            .doOnNext(buf -> perClass.incrementAndGet(TestPackets.verify(buf, slack)))
            .then();
        Mono<Void> sent = Flux.range(0, SENDERS)
            .flatMap(sender -> conn.send(Flux.range(0, ROUNDS * TestPackets.SIZES.length)
                    .map(i -> TestPackets.packet(TestPackets.id(sender, i, i % TestPackets.SIZES.length))))
                .subscribeOn(Schedulers.parallel()), SENDERS)
            .then();
        Mono.when(received, sent).block(Duration.ofSeconds(60));
        for (int c = 0; c < TestPackets.SIZES.length; c++) {
            assertThat(perClass.get(c)).as("packets of %d bytes", TestPackets.SIZES[c]).isEqualTo(SENDERS * ROUNDS);
        }
        assertThat(conn.info().block(Duration.ofSeconds(1)))
            .isEqualTo(new TransportInfo(framing, obfuscated, obfuscated ? 2 : 0, false));
        conn.dispose();
        conn.onClose().block(Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "{0} obfuscated={1}")
    @MethodSource("transports")
    void serverSeesWhatTheClientSpeaksAndClosingCompletesReceive(Framing framing, boolean obfuscated) {
        List<TransportInfo> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        FrameServer server = MtprotoTransport.server()
            .handle(conn -> conn.receive()
                .take(1)
                .concatMap(first -> {
                    first.release();
                    return conn.info().doOnNext(seen::add);
                })
                // server speaks first after the client's packet, then closes: the client's receive completes
                .then(conn.send(Mono.fromSupplier(() -> TestPackets.packet(TestPackets.id(1, 1, 2))))))
            .bind().block(Duration.ofSeconds(10));
        try {
            FrameConnection conn = MtprotoTransport.tcp().host("127.0.0.1").port(server.port())
                .framing(framing).obfuscated(obfuscated).dcId(-3)
                .connect().block(Duration.ofSeconds(10));
            conn.send(Mono.fromSupplier(() -> TestPackets.packet(TestPackets.id(0, 0, 2)))).subscribe();
            List<ByteBuf> got = conn.receive().collectList().block(Duration.ofSeconds(10));
            assertThat(got).hasSize(1);
            TestPackets.verify(got.get(0), framing == Framing.PADDED_INTERMEDIATE ? 15 : 0);
            assertThat(seen).containsExactly(new TransportInfo(framing, obfuscated, obfuscated ? -3 : 0, false));
            conn.onClose().block(Duration.ofSeconds(10));
        } finally {
            server.dispose();
        }
    }
}
