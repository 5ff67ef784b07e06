package io.mtflux.transport.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.FrameServer;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.testing.TestPackets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.littleshoot.proxy.HttpProxyServer;
import org.littleshoot.proxy.impl.DefaultHttpProxyServer;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Through real third-party proxies: microsocks (SOCKS5, with and without username/password), Dante (SOCKS4)
 * and LittleProxy (HTTP CONNECT), to the transport's own server side on loopback.
 */
class ProxyTest {

    private static FrameServer echo;

    @BeforeAll
    static void start() {
        echo = MtprotoTransport.server().handle(conn -> conn.send(conn.receive())).bind()
            .block(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        echo.dispose();
    }

    private static void roundTrip(ProxyConfig proxy) {
        FrameConnection conn = MtprotoTransport.tcp().host("127.0.0.1").port(echo.port())
            .framing(Framing.PADDED_INTERMEDIATE).obfuscated(true).dcId(2)
            .proxy(proxy)
            .connect().block(Duration.ofSeconds(10));
        try {
            AtomicInteger got = new AtomicInteger();
            int n = TestPackets.SIZES.length;
            conn.send(Flux.range(0, n).map(i -> TestPackets.packet(TestPackets.id(0, i, i)))).subscribe();
            conn.receive().take(n).doOnNext(b -> {
                TestPackets.verify(b, 30);
                got.incrementAndGet();
            }).then().block(Duration.ofSeconds(30));
            assertThat(got.get()).isEqualTo(n);
        } finally {
            conn.dispose();
        }
    }

    @Test
    void socks5WithoutAuthentication() throws Exception {
        try (Microsocks socks = Microsocks.start(null, null)) {
            roundTrip(ProxyConfig.socks5("127.0.0.1", socks.port()));
        }
    }

    @Test
    void socks5WithUsernameAndPassword() throws Exception {
        try (Microsocks socks = Microsocks.start("mtflux", "s3cret-pass")) {
            ProxyConfig proxy = ProxyConfig.socks5("127.0.0.1", socks.port()).credentials("mtflux", "s3cret-pass");
            assertThat(proxy.toString()).doesNotContain("s3cret-pass");
            roundTrip(proxy);
            StepVerifier.create(MtprotoTransport.tcp().host("127.0.0.1").port(echo.port())
                    .proxy(ProxyConfig.socks5("127.0.0.1", socks.port()).credentials("mtflux", "wrong"))
                    .connect())
                .expectErrorSatisfies(e -> assertThat(e.toString()).doesNotContain("wrong"))
                .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void socks4ThroughDante() throws Exception {
        try (Dante dante = Dante.start()) {
            roundTrip(ProxyConfig.socks4("127.0.0.1", dante.port()));
        }
    }

    @Test
    void httpConnectThroughLittleProxy() {
        HttpProxyServer http = DefaultHttpProxyServer.bootstrap()
            .withAddress(new java.net.InetSocketAddress("127.0.0.1", 0))
            .start();
        try {
            roundTrip(ProxyConfig.http("127.0.0.1", http.getListenAddress().getPort()));
        } finally {
            http.abort();
        }
    }
}
