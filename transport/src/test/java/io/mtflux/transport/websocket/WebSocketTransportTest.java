package io.mtflux.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.transport.Carrier;
import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.FrameServer;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.TransportInfo;
import io.mtflux.transport.WebSocketTransportClient;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.testing.TestPackets;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
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
 * One server port carries MTProto over TCP, {@code ws://} and {@code wss://} (a self-signed certificate made here,
 * which the client trusts as its only anchor, host name checked): every framing the TCP path accepts, plain and
 * obfuscated2, round-trips packets of 0, 4, 1 KiB and 1 MiB from concurrent senders on each carrier, and the server
 * reports the carrier it detected.
 */
class WebSocketTransportTest {

    /** Two senders interleave their packets; each more costs seconds per case (1 MiB frames, paranoid leak checks). */
    private static final int SENDERS = 2;
    private static final List<TransportInfo> SEEN = new CopyOnWriteArrayList<>();
    private static FrameServer server;
    private static SslContext clientTls;

    @BeforeAll
    @SuppressWarnings("deprecation") // Netty's self-signed helper is deprecated but fine for a loopback test
    static void start() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
        SslContext serverTls = SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).build();
        clientTls = SslContextBuilder.forClient().trustManager(cert.cert()).build();
        server = MtprotoTransport.server().websocket("/apiws").sslContext(serverTls)
            .handle(conn -> conn.info().doOnNext(SEEN::add).then(conn.send(conn.receive())))
            .bind().block(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        server.dispose();
        server.onDispose().block(Duration.ofSeconds(10));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Carrier carrier : Carrier.values()) {
            for (Framing f : Framing.values()) {
                out.add(Arguments.of(carrier, f, false));
                if (f.supportsObfuscation()) {
                    out.add(Arguments.of(carrier, f, true));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} obfuscated={2}")
    @MethodSource("cases")
    void roundTripOnOnePort(Carrier carrier, Framing framing, boolean obfuscated) {
        SEEN.clear();
        Mono<FrameConnection> connect;
        if (carrier == Carrier.TCP) {
            connect = MtprotoTransport.tcp().host("127.0.0.1").port(server.port()).framing(framing)
                .obfuscated(obfuscated).dcId(4).connect();
        } else {
            boolean tls = carrier == Carrier.WEBSOCKET_TLS;
            WebSocketTransportClient client = MtprotoTransport.websocket()
                .uri((tls ? "wss" : "ws") + "://localhost:" + server.port() + "/apiws")
                .framing(framing).obfuscated(obfuscated).dcId(4);
            connect = tls ? client.sslContext(clientTls).connect() : client.connect();
        }
        FrameConnection conn = connect.block(Duration.ofSeconds(10));
        TransportInfo expected = new TransportInfo(framing, obfuscated, obfuscated ? 4 : 0, false, carrier);
        assertThat(conn.info().block(Duration.ofSeconds(5))).isEqualTo(expected);
        int slack = framing == Framing.PADDED_INTERMEDIATE ? 30 : 0;
        int total = SENDERS * TestPackets.SIZES.length;
        AtomicIntegerArray perClass = new AtomicIntegerArray(TestPackets.SIZES.length);
        Mono<Void> received = conn.receive().take(total)
            .doOnNext(b -> perClass.incrementAndGet(TestPackets.verify(b, slack))).then();
        Mono<Void> sent = Flux.range(0, SENDERS)
            .flatMap(s -> conn.send(Flux.range(0, TestPackets.SIZES.length)
                .map(i -> TestPackets.packet(TestPackets.id(s, i, i)))).subscribeOn(Schedulers.parallel()))
            .then();
        Mono.when(received, sent).block(Duration.ofSeconds(30));
        for (int c = 0; c < TestPackets.SIZES.length; c++) {
            assertThat(perClass.get(c)).isEqualTo(SENDERS);
        }
        assertThat(SEEN).containsExactly(expected);
        conn.dispose();
        conn.onClose().block(Duration.ofSeconds(10));
    }
}
