package io.mtflux.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.transport.framing.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** A server's transport error reaches the client as a typed {@link TransportException}, in every framing. */
class TransportErrorTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int[] codes = {-404, -429, -444};
        int i = 0;
        for (Framing f : Framing.values()) {
            for (boolean obf : new boolean[] {false, true}) {
                if (obf && !f.supportsObfuscation()) {
                    continue;
                }
                out.add(Arguments.of(f, obf, codes[i++ % codes.length]));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} obfuscated={1} code={2}")
    @MethodSource("cases")
    void transportErrorIsTyped(Framing framing, boolean obfuscated, int code) {
        FrameServer server = MtprotoTransport.server()
            .handle(conn -> conn.receive().take(1).doOnNext(ByteBuf::release)
                .then(conn.sendTransportError(code))
                .then(conn.onClose()))
            .bind().block(Duration.ofSeconds(10));
        try {
            FrameConnection conn = MtprotoTransport.tcp().host("127.0.0.1").port(server.port())
                .framing(framing).obfuscated(obfuscated)
                .connect().block(Duration.ofSeconds(10));
            conn.send(Mono.fromSupplier(() -> Unpooled.buffer(24).writeZero(24))).subscribe();
            StepVerifier.create(conn.receive())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(TransportException.class,
                    t -> {
                        assertThat(t.code()).isEqualTo(code);
                        // -429 is typed: a client backs off instead of failing
                        assertThat(t.isFlood()).isEqualTo(code == TransportException.FLOOD);
                        assertThat(t instanceof TransportFloodException).isEqualTo(code == TransportException.FLOOD);
                    }))
                .verify(Duration.ofSeconds(10));
            conn.onClose().block(Duration.ofSeconds(10));
            assertThat(conn.isDisposed()).isTrue();
        } finally {
            server.dispose();
        }
    }
}
