package io.mtflux.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.transport.framing.Framing;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The client is an immutable template: mutators return new values; hooks run; bad settings fail early. */
class ClientTemplateTest {

    @Test
    void mutatorsReturnNewValuesAndHooksRun() {
        FrameServer server = MtprotoTransport.server()
            .handle(conn -> conn.receive().doOnNext(ByteBuf::release).then())
            .bind().block(Duration.ofSeconds(10));
        try {
            List<String> events = new CopyOnWriteArrayList<>();
            TcpTransportClient base = MtprotoTransport.tcp().host("127.0.0.1").port(server.port());
            TcpTransportClient hooked = base
                .doOnConnected(c -> events.add("connected-1"))
                .doOnConnected(c -> events.add("connected-2"))
                .doOnDisconnected(c -> events.add("disconnected"));
            assertThat(hooked).isNotSameAs(base);
            FrameConnection plain = base.connect().block(Duration.ofSeconds(10));
            plain.dispose();
            assertThat(events).isEmpty();
            FrameConnection conn = hooked.connect().block(Duration.ofSeconds(10));
            assertThat(events).containsExactly("connected-1", "connected-2");
            conn.dispose();
            conn.onClose().block(Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (events.size() < 3 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(events).containsExactly("connected-1", "connected-2", "disconnected");
        } finally {
            server.dispose();
        }
    }

    @Test
    void badSettingsFail() {
        assertThatThrownBy(() -> MtprotoTransport.tcp().port(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MtprotoTransport.tcp().dcId(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MtprotoTransport.tcp().connectTimeout(Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MtprotoTransport.websocket().uri("http://example.org/apiws"))
            .isInstanceOf(IllegalArgumentException.class);
        StepVerifier.create(MtprotoTransport.tcp().host("127.0.0.1").port(1).framing(Framing.FULL).obfuscated(true)
                .connect())
            .expectError(IllegalArgumentException.class)
            .verify(Duration.ofSeconds(5));
        StepVerifier.create(MtprotoTransport.tcp().connect())
            .expectError(IllegalStateException.class)
            .verify(Duration.ofSeconds(5));
    }
}
