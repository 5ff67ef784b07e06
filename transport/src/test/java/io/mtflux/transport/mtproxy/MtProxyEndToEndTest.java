package io.mtflux.transport.mtproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.FrameServer;
import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.TransportInfo;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.testing.TestPackets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The MTProxy client path end to end against the MTProxy server side, with plain, dd and ee secrets. */
class MtProxyEndToEndTest {

    private static final String KEY = "00112233445566778899aabbccddeeff";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {KEY, "dd" + KEY, "ee" + KEY + "6578616d706c652e636f6d"})
    void roundTripThroughMtproxyServer(String secretHex) {
        MtProxySecret secret = MtProxySecret.parse(secretHex);
        List<TransportInfo> seen = new CopyOnWriteArrayList<>();
        FrameServer proxy = MtprotoTransport.server().mtproxy(secret)
            .handle(conn -> conn.info().doOnNext(seen::add).then(conn.send(conn.receive())))
            .bind().block(Duration.ofSeconds(10));
        try {
            String link = "tg://proxy?server=127.0.0.1&port=" + proxy.port() + "&secret=" + secretHex;
            FrameConnection conn = MtprotoTransport.tcp()
                .mtproxy(MtProxyConfig.parseLink(link))
                .dcId(-2)
                .connect().block(Duration.ofSeconds(10));
            boolean padded = secret.type() != MtProxySecret.Type.SIMPLE;
            int expected = 3 * TestPackets.SIZES.length;
            AtomicIntegerArray perClass = new AtomicIntegerArray(TestPackets.SIZES.length);
            Mono<Void> received = conn.receive().take(expected)
                .doOnNext(b -> perClass.incrementAndGet(TestPackets.verify(b, padded ? 30 : 0))).then();
            Mono<Void> sent = Flux.range(0, 3)
                .flatMap(s -> conn.send(Flux.range(0, TestPackets.SIZES.length)
                    .map(i -> TestPackets.packet(TestPackets.id(s, i, i)))))
                .then();
            Mono.when(received, sent).block(Duration.ofSeconds(30));
            for (int c = 0; c < TestPackets.SIZES.length; c++) {
                assertThat(perClass.get(c)).isEqualTo(3);
            }
            Framing framing = padded ? Framing.PADDED_INTERMEDIATE : Framing.INTERMEDIATE;
            boolean tls = secret.type() == MtProxySecret.Type.FAKE_TLS;
            assertThat(seen).containsExactly(new TransportInfo(framing, true, -2, tls));
            assertThat(conn.info().block()).isEqualTo(new TransportInfo(framing, true, -2, tls));
            conn.dispose();
        } finally {
            proxy.dispose();
        }
    }

    @Test
    void wrongFakeTlsKeyFailsTheHandshake() {
        MtProxySecret serverSecret = MtProxySecret.parse("ee" + KEY + "6578616d706c652e636f6d");
        MtProxySecret clientSecret = MtProxySecret.parse("ee" + "ff".repeat(16) + "6578616d706c652e636f6d");
        List<Throwable> serverErrors = new CopyOnWriteArrayList<>();
        FrameServer proxy = MtprotoTransport.server().mtproxy(serverSecret)
            .handle(conn -> {
                conn.closeCause().subscribe(serverErrors::add);
                return conn.receive().doOnNext(io.netty.buffer.ByteBuf::release).then()
                    .onErrorResume(e -> Mono.empty());
            })
            .bind().block(Duration.ofSeconds(10));
        try {
            StepVerifier.create(MtprotoTransport.tcp()
                    .mtproxy(new MtProxyConfig("127.0.0.1", proxy.port(), clientSecret))
                    .connectTimeout(Duration.ofSeconds(5)).connect())
                .expectError()
                .verify(Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (serverErrors.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(serverErrors).singleElement().isInstanceOfSatisfying(MalformedFrameException.class,
                e -> assertThat(e.reason()).isEqualTo(MalformedFrameException.Reason.BAD_TLS));
            assertThat(serverErrors.get(0).getMessage()).doesNotContain(KEY).doesNotContain("ffffffff");
        } finally {
            proxy.dispose();
        }
    }

    @Test
    void clientRejectsAServerThatDoesNotKnowTheSecret() {
        // A fake server answering with a well-formed reply under another key: the client's HMAC check fails.
        byte[] otherKey = new byte[16];
        // The server side itself verifies the client first, so use a raw responder instead.
        reactor.netty.DisposableServer raw = reactor.netty.tcp.TcpServer.create().host("127.0.0.1").port(0)
            .handle((in, out) -> in.receive().asByteArray().next().flatMap(hello -> {
                byte[] reply = FakeTls.serverHello(otherKey, FakeTls.random(hello), FakeTls.sessionId(hello), 100);
                return out.sendByteArray(Mono.just(reply)).then();
            }).then(Mono.never()))
            .bindNow();
        try {
            MtProxySecret secret = MtProxySecret.parse("ee" + KEY + "6578616d706c652e636f6d");
            StepVerifier.create(MtprotoTransport.tcp()
                    .mtproxy(new MtProxyConfig("127.0.0.1", raw.port(), secret))
                    .connectTimeout(Duration.ofSeconds(5)).connect())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(MalformedFrameException.class,
                    m -> assertThat(m.reason()).isEqualTo(MalformedFrameException.Reason.BAD_TLS)))
                .verify(Duration.ofSeconds(10));
        } finally {
            raw.disposeNow();
        }
    }

}
