package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.store.DcEndpoint;
import io.mtflux.transport.Carrier;
import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.FrameServer;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.TransportInfo;
import io.mtflux.transport.framing.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;
import reactor.test.StepVerifier;

/**
 * {@link WebSocketClientTransport} against a transport server that serves TCP, {@code ws://} and {@code wss://} on one
 * port (a self-signed certificate for localhost): one connection per call, to the URL its mapping gives, with the
 * DC in the obfuscated2 header, trusting exactly the certificates it is given.
 */
@SuppressWarnings("deprecation") // Netty's self-signed helper is deprecated but fine for a loopback test
class WebSocketClientTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final BlockingQueue<TransportInfo> SEEN = new LinkedBlockingQueue<>();
    private static SelfSignedCertificate cert;
    private static FrameServer server;
    private static DcOptions options;
    private static LoopResources loops;

    @BeforeAll
    static void start() throws Exception {
        cert = new SelfSignedCertificate("localhost");
        server = MtprotoTransport.server().websocket("/apiws")
            .sslContext(SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).build())
            .handle(conn -> conn.info().doOnNext(SEEN::add).then(conn.send(conn.receive())))
            .bind().block(WAIT);
        options = DcOptions.of(List.of(DcEndpoint.of(2, "localhost", server.port())),
            DcOptions.production().rsaKeys(), 2);
        loops = LoopResources.create("ws-transport-test", 1, true);
    }

    @AfterAll
    static void stop() {
        server.dispose();
        loops.disposeLater().block(WAIT);
    }

    private static ClientTransport.Target target(int dcId, DcOptions dcs) {
        return new ClientTransport.Target(dcId, dcs, loops);
    }

    private static void echoes(FrameConnection conn) {
        ByteBuf packet = Unpooled.buffer(24).writeZero(24).setIntLE(0, 0x2a);
        List<ByteBuf> echoed = conn.receive().take(1).doOnSubscribe(s -> conn.send(Mono.just(packet)).subscribe())
            .collectList().block(WAIT);
        try {
            assertThat(echoed).singleElement().satisfies(b -> assertThat(b.getIntLE(b.readerIndex())).isEqualTo(0x2a));
        } finally {
            echoed.forEach(ByteBuf::release);
        }
        conn.dispose();
    }

    @Test
    void wsConnectsToTheDcsEndpointObfuscated() throws Exception {
        SEEN.clear();
        WebSocketClientTransport transport = ClientTransport.websocket(DcUrls.ws());
        assertThat(transport.url(2, options)).isEqualTo(URI.create("ws://localhost:" + server.port() + "/apiws"));
        for (int i = 0; i < 2; i++) {
            FrameConnection conn = transport.connect(target(2, options)).block(WAIT);
            assertThat(conn.info().block(WAIT))
                .isEqualTo(new TransportInfo(Framing.INTERMEDIATE, true, 2, false, Carrier.WEBSOCKET));
            echoes(conn);
            assertThat(SEEN.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo(new TransportInfo(Framing.INTERMEDIATE, true, 2, false, Carrier.WEBSOCKET));
        }
    }

    @Test
    void wssTrustsTheGivenCertificateOnly() throws Exception {
        SEEN.clear();
        WebSocketClientTransport jdkTrust = ClientTransport.websocket(DcUrls.wss());
        StepVerifier.create(jdkTrust.connect(target(2, options))).expectError().verify(WAIT);
        WebSocketClientTransport trusting = jdkTrust.trustCertificates(cert.cert())
            .transport(MtprotoTransport.websocket().framing(Framing.ABRIDGED));
        // transport() replaced the template: its own (JDK) trust again
        StepVerifier.create(trusting.connect(target(2, options))).expectError().verify(WAIT);
        trusting = trusting.trustCertificates(cert.cert());
        echoes(trusting.connect(target(2, options)).block(WAIT));
        assertThat(SEEN.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
            .isEqualTo(new TransportInfo(Framing.ABRIDGED, true, 2, false, Carrier.WEBSOCKET_TLS));
    }

    @Test
    void theTargetsOptionsAreReadPerConnectionAndUnknownDcsFail() {
        DcOptions onlyDc1 = DcOptions.of(List.of(DcEndpoint.of(1, "localhost", 1)), DcOptions.production().rsaKeys(),
            1);
        WebSocketClientTransport transport = ClientTransport.websocket(DcUrls.ws());
        StepVerifier.create(transport.connect(target(2, onlyDc1))).expectError(IllegalArgumentException.class)
            .verify(WAIT);
        echoes(transport.connect(target(2, options)).block(WAIT));
        assertThatThrownBy(() -> transport.trustCertificates(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(ClientTransport.websocket().url(4, DcOptions.production()))
            .isEqualTo(URI.create("wss://vesta.web.telegram.org/apiws"));
    }
}
