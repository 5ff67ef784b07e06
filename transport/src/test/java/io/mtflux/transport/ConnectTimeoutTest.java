package io.mtflux.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.transport.mtproxy.MtProxyConfig;
import io.mtflux.transport.mtproxy.MtProxySecret;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;
import reactor.test.StepVerifier;

/** Connect timeouts: a TCP connect that never completes, and a handshake (fake TLS) that never answers. */
class ConnectTimeoutTest {

    @Test
    void tcpConnectTimesOut() throws IOException {
        // A listener with a backlog of 1 that never accepts: once its queue is full the kernel drops
        // further SYNs, so the next connect hangs until our timeout fires.
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()),
                            200);
                        fillers.add(s);
                    } catch (IOException full) {
                        s.close();
                        break;
                    }
                }
                StepVerifier.create(MtprotoTransport.tcp().host("127.0.0.1").port(listener.getLocalPort())
                        .connectTimeout(Duration.ofMillis(300)).connect())
                    .expectError(ConnectTimeoutException.class)
                    .verify(Duration.ofSeconds(10));
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void silentFakeTlsServerTimesOut() {
        // Accepts and reads, never answers.
        DisposableServer silent = TcpServer.create().host("127.0.0.1").port(0)
            .handle((in, out) -> in.receive().then())
            .bindNow();
        try {
            MtProxySecret secret = MtProxySecret.parse("ee00112233445566778899aabbccddeeff6578616d706c652e636f6d");
            long start = System.nanoTime();
            StepVerifier.create(MtprotoTransport.tcp()
                    .mtproxy(new MtProxyConfig("127.0.0.1", silent.port(), secret))
                    .connectTimeout(Duration.ofMillis(400)).connect())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ConnectTimeoutException.class)
                    .hasMessageNotContaining("00112233445566778899aabbccddeeff"))
                .verify(Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        } finally {
            silent.disposeNow();
        }
    }
}
