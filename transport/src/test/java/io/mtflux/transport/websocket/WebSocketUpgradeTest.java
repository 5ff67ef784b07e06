package io.mtflux.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.transport.Carrier;
import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.FrameServer;
import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.TransportInfo;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.mtproxy.MtProxySecret;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.test.StepVerifier;

/**
 * What a port shared by TCP, {@code ws://} and {@code wss://} does with everything else: HTTP requests that are not
 * the upgrade get an HTTP error and close (and the handler learns why), TLS is checked by the client, bytes that
 * only look like HTTP or TLS at first stay MTProto, and settings that cannot share a port are refused.
 */
class WebSocketUpgradeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final BlockingQueue<Throwable> CLOSE_CAUSES = new LinkedBlockingQueue<>();
    private static SelfSignedCertificate cert;
    private static SslContext serverTls;
    private static FrameServer server;

    @BeforeAll
    @SuppressWarnings("deprecation") // Netty's self-signed helper is deprecated but fine for a loopback test
    static void start() throws Exception {
        cert = new SelfSignedCertificate("localhost");
        serverTls = SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).build();
        server = MtprotoTransport.server().websocket("/apiws").sslContext(serverTls)
            .handle(conn -> conn.send(conn.receive())
                .doOnError(CLOSE_CAUSES::add)
                .onErrorResume(e -> Mono.empty()))
            .bind().block(WAIT);
    }

    @AfterAll
    static void stop() {
        server.dispose();
        server.onDispose().block(WAIT);
    }

    @BeforeEach
    void clear() {
        CLOSE_CAUSES.clear();
    }

    /**
     * The close cause whose message contains {@code text}: a connection of an earlier test may report its own cause
     * after that test ended, so causes of other connections are passed over.
     */
    private static Throwable awaitCause(String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (long left = WAIT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            Throwable cause = CLOSE_CAUSES.poll(left, TimeUnit.NANOSECONDS);
            if (cause != null && String.valueOf(cause.getMessage()).contains(text)) {
                return cause;
            }
        }
        throw new AssertionError("no connection closed with a cause containing '" + text + "' within " + WAIT);
    }

    @Test
    void anotherPathIs404() throws Exception {
        String response = exchange(new Socket("127.0.0.1", server.port()), upgrade("/api"));
        assertThat(response).startsWith("HTTP/1.1 404 ");
        Throwable cause = awaitCause("404");
        assertThat(cause).isInstanceOf(MalformedFrameException.class);
        assertThat(((MalformedFrameException) cause).reason())
            .isEqualTo(MalformedFrameException.Reason.UNSUPPORTED_PROTOCOL);
    }

    @Test
    void anotherMethodIs405() throws Exception {
        String response = exchange(new Socket("127.0.0.1", server.port()),
            "POST /apiws HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\n\r\nabcd");
        assertThat(response).startsWith("HTTP/1.1 405 ").containsIgnoringCase("allow: GET");
    }

    @Test
    void getWithoutUpgradeIs400() throws Exception {
        String response = exchange(new Socket("127.0.0.1", server.port()),
            "GET /apiws HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void unknownWebSocketVersionIs426() throws Exception {
        String response = exchange(new Socket("127.0.0.1", server.port()),
            upgrade("/apiws").replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 99"));
        assertThat(response).startsWith("HTTP/1.1 426 ");
    }

    @Test
    void upgradeAnsweredWithBinarySubprotocol() throws Exception {
        String response = exchange(new Socket("127.0.0.1", server.port()), upgrade("/apiws"));
        assertThat(response).startsWith("HTTP/1.1 101 ").containsIgnoringCase("sec-websocket-protocol: binary");
    }

    @Test
    void notHttpInsideTlsIs400() throws Exception {
        SSLContext insecure = SSLContext.getInstance("TLS");
        insecure.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) insecure.getSocketFactory().createSocket("127.0.0.1", server.port());
        socket.startHandshake();
        String response = exchange(socket, "\u00ef\u0001\u0002\u0003 hello\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void upgradeInsideTlsIsServed() throws Exception {
        SSLContext insecure = SSLContext.getInstance("TLS");
        insecure.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) insecure.getSocketFactory().createSocket("127.0.0.1", server.port());
        assertThat(exchange(socket, upgrade("/apiws"))).startsWith("HTTP/1.1 101 ");
    }

    @Test
    void textMessageClosesTheConnection() throws Exception {
        // the transport's client sends binary only: a plain WebSocket client sends the text message
        HttpClient.create().websocket(WebsocketClientSpec.builder().protocols("binary").build())
            .uri("ws://localhost:" + server.port() + "/apiws")
            .handle((in, out) -> out.sendString(Mono.just("hello")).then().thenMany(in.receive()))
            .onErrorResume(e -> Mono.empty())
            .blockLast(WAIT);
        Throwable cause = awaitCause("text WebSocket frame");
        assertThat(cause).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void theClientChecksTheHostName() {
        SslContext trusting = build(SslContextBuilder.forClient().trustManager(cert.cert()));
        // the certificate names localhost, not 127.0.0.1
        StepVerifier.create(MtprotoTransport.websocket().uri("wss://127.0.0.1:" + server.port() + "/apiws")
                .sslContext(trusting).connect())
            .expectError()
            .verify(WAIT);
        // and a certificate it does not trust fails too
        StepVerifier.create(MtprotoTransport.websocket().uri("wss://localhost:" + server.port() + "/apiws")
                .sslContext(build(SslContextBuilder.forClient())).connect())
            .expectError()
            .verify(WAIT);
    }

    @Test
    void mtprotoThatStartsLikeHttpOrTlsStaysMtproto() {
        // full framing: total length 0x48 ('H') then 0x00s, and 0x0316 (0x16 0x03 0x00 0x00): neither HEAD nor a
        // ClientHello, so both stay MTProto over TCP
        for (int total : new int[] {0x48, 0x316}) {
            FrameConnection conn = MtprotoTransport.tcp().host("127.0.0.1").port(server.port())
                .framing(Framing.FULL).connect().block(WAIT);
            ByteBuf packet = Unpooled.buffer(total - 12).writeZero(total - 12).setByte(0, 7);
            List<ByteBuf> echoed = conn.receive().take(1)
                .doOnSubscribe(s -> conn.send(Mono.just(packet)).subscribe())
                .collectList().block(WAIT);
            try {
                assertThat(echoed).singleElement()
                    .satisfies(b -> assertThat(b.readableBytes()).isEqualTo(total - 12));
            } finally {
                echoed.forEach(ByteBuf::release);
            }
            assertThat(conn.info().block(WAIT)).isEqualTo(new TransportInfo(Framing.FULL, false, 0, false,
                Carrier.TCP));
            conn.dispose();
        }
    }

    @Test
    void settingsThatCannotShareAPortAreRefused() {
        MtProxySecret fakeTls = MtProxySecret.parse("ee0123456789abcdef0123456789abcdef6578616d706c652e636f6d");
        StepVerifier.create(MtprotoTransport.server().mtproxy(fakeTls).websocket("/apiws").bind())
            .expectError(IllegalStateException.class)
            .verify(WAIT);
        StepVerifier.create(MtprotoTransport.server().sslContext(serverTls).bind())
            .expectError(IllegalStateException.class)
            .verify(WAIT);
        assertThatThrownBy(() -> MtprotoTransport.server().websocket("apiws"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MtprotoTransport.server()
            .sslContext(build(SslContextBuilder.forClient()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MtprotoTransport.websocket().sslContext(serverTls))
            .isInstanceOf(IllegalArgumentException.class);
        StepVerifier.create(MtprotoTransport.websocket().uri("ws://localhost:1/apiws").framing(Framing.FULL)
                .connect())
            .expectError(IllegalStateException.class)
            .verify(WAIT);
    }

    private static SslContext build(SslContextBuilder builder) {
        try {
            return builder.build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String upgrade(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Protocol: binary\r\n\r\n";
    }

    /** Sends a request on a blocking socket (test thread) and reads the response head. */
    private static String exchange(Socket socket, String request) throws IOException {
        try (socket) {
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
