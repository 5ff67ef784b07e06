package io.mtflux.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.transport.MalformedFrameException.Reason;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.mtproxy.MtProxySecret;
import io.mtflux.transport.testing.Hex;
import io.mtflux.transport.testing.TestPackets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.tcp.TcpClient;

/**
 * Hostile bytes sent to the server side: each gets a typed error on that connection only, the connection is
 * closed, and the same server (same event loops) goes on serving a well-behaved client.
 */
class BadInputTest {

    private static final int MAX = 64 * 1024;
    private static final List<Throwable> ERRORS = new CopyOnWriteArrayList<>();
    private static FrameServer server;

    @BeforeAll
    static void start() {
        server = MtprotoTransport.server()
            .maxFrameLength(MAX)
            .handle(conn -> {
                conn.closeCause().subscribe(ERRORS::add);
                return conn.send(conn.receive()).onErrorResume(e -> Mono.empty());
            })
            .bind().block(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        server.dispose();
    }

    static Stream<Arguments> garbage() {
        String obfuscatedUnknownTag = "11".repeat(64);
        return Stream.of(
            Arguments.of("HTTP", "474554202f20485454502f312e310d0a0d0a", Reason.UNSUPPORTED_PROTOCOL, false),
            Arguments.of("intermediate too large", "eeeeeeee" + "01000100", Reason.FRAME_TOO_LARGE, false),
            Arguments.of("intermediate garbage length", "eeeeeeee" + "ffffff7f", Reason.FRAME_TOO_LARGE, false),
            Arguments.of("padded too large", "dddddddd" + "00001000", Reason.FRAME_TOO_LARGE, false),
            Arguments.of("abridged too large", "ef" + "7fffffff", Reason.FRAME_TOO_LARGE, false),
            Arguments.of("full bad crc", "10000000" + "00000000" + "61626364" + "00000000", Reason.CRC_MISMATCH, false),
            Arguments.of("full short length", "05000000" + "00000000", Reason.BAD_LENGTH, false),
            Arguments.of("full negative length", "f0ffffff" + "00000000", Reason.BAD_LENGTH, false),
            Arguments.of("full bad seqno", fullPacket(0) + fullPacket(5), Reason.SEQNO_MISMATCH, false),
            Arguments.of("truncated intermediate", "eeeeeeee" + "10000000" + "616263", Reason.TRUNCATED, true),
            Arguments.of("truncated header", "eeeeee", Reason.TRUNCATED, true),
            Arguments.of("obfuscated unknown tag", obfuscatedUnknownTag, Reason.UNKNOWN_PROTOCOL_TAG, false));
    }

    private static String fullPacket(int seq) {
        ByteBuf b = Unpooled.buffer().writeIntLE(16).writeIntLE(seq).writeIntLE(0x01020304);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.nioBuffer());
        b.writeIntLE((int) crc.getValue());
        return Hex.drain(b);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void garbageGetsTypedErrorAndServerStaysUp(String name, String hex, Reason reason, boolean closeAfter) {
        ERRORS.clear();
        Connection raw = TcpClient.newConnection().host("127.0.0.1").port(server.port()).connectNow();
        try {
            raw.outbound().sendObject(Unpooled.wrappedBuffer(Hex.bytes(hex))).then().block(Duration.ofSeconds(5));
            if (closeAfter) {
                raw.dispose();
            }
            raw.onDispose().block(Duration.ofSeconds(10));
        } finally {
            raw.dispose();
        }
        waitFor(() -> !ERRORS.isEmpty());
        assertThat(ERRORS).hasSize(1);
        assertThat(ERRORS.get(0)).isInstanceOfSatisfying(MalformedFrameException.class,
            e -> assertThat(e.reason()).isEqualTo(reason));
        assertGoodClientStillServed();
    }

    @Test
    void mtproxyServerRejectsForbiddenPrefixAndWrongSecret() {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        MtProxySecret secret = MtProxySecret.parse("00112233445566778899aabbccddeeff");
        FrameServer proxy = MtprotoTransport.server().mtproxy(secret)
            .handle(conn -> {
                conn.closeCause().subscribe(errors::add);
                return conn.receive().doOnNext(ByteBuf::release).then().onErrorResume(e -> Mono.empty());
            })
            .bind().block(Duration.ofSeconds(10));
        try {
            for (String hex : new String[] {"eeeeeeee" + "11".repeat(60), "11".repeat(64)}) {
                Connection raw = TcpClient.newConnection().host("127.0.0.1").port(proxy.port()).connectNow();
                raw.outbound().sendObject(Unpooled.wrappedBuffer(Hex.bytes(hex))).then().block(Duration.ofSeconds(5));
                raw.onDispose().block(Duration.ofSeconds(10));
            }
            waitFor(() -> errors.size() == 2);
            assertThat(errors).extracting(e -> ((MalformedFrameException) e).reason())
                .containsExactly(Reason.FORBIDDEN_PREFIX, Reason.UNKNOWN_PROTOCOL_TAG);
        } finally {
            proxy.dispose();
        }
    }

    @Test
    void clientRejectsOversizedFrameFromServer() {
        FrameServer big = MtprotoTransport.server()
            .handle(conn -> conn.receive().take(1).doOnNext(ByteBuf::release)
                .then(conn.send(Mono.fromSupplier(() -> Unpooled.buffer(2048).writeZero(2048))))
                .then(conn.onClose()))
            .bind().block(Duration.ofSeconds(10));
        try {
            FrameConnection conn = MtprotoTransport.tcp().host("127.0.0.1").port(big.port())
                .framing(Framing.ABRIDGED).obfuscated(true).maxFrameLength(1024)
                .connect().block(Duration.ofSeconds(10));
            conn.send(Mono.fromSupplier(() -> Unpooled.buffer(4).writeIntLE(1))).subscribe();
            reactor.test.StepVerifier.create(conn.receive())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(MalformedFrameException.class,
                    m -> assertThat(m.reason()).isEqualTo(Reason.FRAME_TOO_LARGE)))
                .verify(Duration.ofSeconds(10));
            conn.onClose().block(Duration.ofSeconds(10));
        } finally {
            big.dispose();
        }
    }

    private static void assertGoodClientStillServed() {
        FrameConnection good = MtprotoTransport.tcp().host("127.0.0.1").port(server.port())
            .framing(Framing.INTERMEDIATE).obfuscated(true)
            .connect().block(Duration.ofSeconds(10));
        try {
            good.send(Mono.fromSupplier(() -> TestPackets.packet(TestPackets.id(0, 1, 2)))).subscribe();
            ByteBuf echoed = good.receive().next().block(Duration.ofSeconds(10));
            assertThat(TestPackets.verify(echoed, 0)).isEqualTo(2);
        } finally {
            good.dispose();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
