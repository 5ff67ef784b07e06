package io.mtflux.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.FrameServer;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.TransportInfo;
import io.mtflux.transport.WebSocketTransportClient;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.testing.TestPackets;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * The WebSocket transport, client and server side, over ws:// and wss:// (self-signed certificate): every
 * obfuscatable framing round-trips packets of 0, 4, 1 KiB and 1 MiB from concurrent senders.
 */
class WebSocketTransportTest {

    private static final int SENDERS = 3;
    private static final List<TransportInfo> SEEN = new CopyOnWriteArrayList<>();
    private static FrameServer ws;
    private static FrameServer wss;
    private static SslContext clientTls;

    @BeforeAll
    @SuppressWarnings("deprecation") // Netty's self-signed helper is deprecated but fine for a loopback test
    static void start() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
        SslContext serverTls = SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).build();
        clientTls = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        var server = MtprotoTransport.server().websocket("/apiws")
            .handle(conn -> conn.info().doOnNext(SEEN::add).then(conn.send(conn.receive())));
        ws = server.bind().block(Duration.ofSeconds(10));
        wss = server.sslContext(serverTls).bind().block(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        ws.dispose();
        wss.dispose();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Framing f : new Framing[] {Framing.ABRIDGED, Framing.INTERMEDIATE, Framing.PADDED_INTERMEDIATE}) {
            out.add(Arguments.of(f, false));
            out.add(Arguments.of(f, true));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} tls={1}")
    @MethodSource("cases")
    void roundTrip(Framing framing, boolean tls) {
        SEEN.clear();
        WebSocketTransportClient client = MtprotoTransport.websocket()
            .uri((tls ? "wss" : "ws") + "://localhost:" + (tls ? wss : ws).port() + "/apiws")
            .framing(framing).dcId(4);
        if (tls) {
            client = client.sslContext(clientTls);
        }
        FrameConnection conn = client.connect().block(Duration.ofSeconds(10));
        int slack = framing == Framing.PADDED_INTERMEDIATE ? 30 : 0;
        int expected = SENDERS * TestPackets.SIZES.length;
        AtomicIntegerArray perClass = new AtomicIntegerArray(TestPackets.SIZES.length);
        Mono<Void> received = conn.receive().take(expected)
            .doOnNext(b -> perClass.incrementAndGet(TestPackets.verify(b, slack))).then();
        Mono<Void> sent = Flux.range(0, SENDERS)
            .flatMap(s -> conn.send(Flux.range(0, TestPackets.SIZES.length)
                .map(i -> TestPackets.packet(TestPackets.id(s, i, i)))).subscribeOn(Schedulers.parallel()))
            .then();
        Mono.when(received, sent).block(Duration.ofSeconds(30));
        for (int c = 0; c < TestPackets.SIZES.length; c++) {
            assertThat(perClass.get(c)).isEqualTo(SENDERS);
        }
        assertThat(SEEN).containsExactly(new TransportInfo(framing, true, 4, false));
        conn.dispose();
        conn.onClose().block(Duration.ofSeconds(10));
    }
}
