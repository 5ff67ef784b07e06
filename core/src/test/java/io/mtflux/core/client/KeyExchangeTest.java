package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.RsaPrivateKey;
import io.mtflux.core.handshake.ClientHandshakeSettings;
import io.mtflux.core.handshake.HandshakeResult;
import io.mtflux.core.internal.server.ServerHandshake;
import io.mtflux.core.internal.server.ServerHandshakeSettings;
import io.mtflux.core.internal.session.ProtocolException;
import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.mtproto.Pong;
import io.mtflux.core.tl.mtproto.ReqDHParams;
import io.mtflux.core.tl.mtproto.SetClientDHParams;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Schedulers;

/**
 * {@link KeyExchange} against core's server half: the steps run on the computation scheduler, come back through
 * the loop, and end in the key the server also has, for permanent and temporary keys.
 */
class KeyExchangeTest {
    private static RsaPrivateKey serverKey;

    @BeforeAll
    static void serverKey() {
        serverKey = RsaPrivateKey.generateForServer(2048, RandomSource.secure());
    }

    /** A loop, a server and a listener that plays the wire between them. */
    private static class Wire implements KeyExchange.Listener {
        final SerialLoop loop = new SerialLoop(LoggerFactory.getLogger(KeyExchangeTest.class), "test loop", () -> {
        });
        final ServerHandshake server = new ServerHandshake(ServerHandshakeSettings.of(serverKey),
            RandomSource.secure(), () -> System.currentTimeMillis() / 1000);
        final CompletableFuture<HandshakeResult> key = new CompletableFuture<>();
        final CompletableFuture<Throwable> failure = new CompletableFuture<>();
        KeyExchange exchange;
        int sent;

        KeyExchange start(ClientHandshakeSettings settings) {
            exchange = new KeyExchange(settings.withKeys(RsaKeyRing.of(serverKey.publicKey())), RandomSource.secure(),
                () -> System.currentTimeMillis() / 1000, Schedulers.parallel(), loop::execute, this);
            loop.execute(exchange::begin);
            return exchange;
        }

        @Override
        public void sendPlain(TlObject message) {
            sent++;
            TlObject request = Tl.deserialize(Tl.serialize(message));
            TlObject answer = request instanceof ReqDHParams dh ? server.onReqDhParams(dh)
                : request instanceof SetClientDHParams set ? server.onSetClientDhParams(set)
                : server.onReqPq(request);
            TlObject received = Tl.deserialize(Tl.serialize(answer));
            loop.execute(() -> exchange.onMessage(received));
        }

        @Override
        public void onKey(KeyExchange done, HandshakeResult result) {
            key.complete(result);
        }

        @Override
        public void onFailed(KeyExchange failed, Throwable error) {
            failure.complete(error);
        }
    }

    @Test
    void aPermanentKeyIsTheOneTheServerHas() throws Exception {
        Wire wire = new Wire();
        KeyExchange exchange = wire.start(ClientHandshakeSettings.permanent(2));
        HandshakeResult result = wire.key.get(30, TimeUnit.SECONDS);
        assertThat(exchange.temporary()).isFalse();
        assertThat(exchange.finished()).isTrue();
        assertThat(result.temporary()).isFalse();
        assertThat(result.authKey().id()).isEqualTo(wire.server.result().authKey().id());
        assertThat(wire.sent).isEqualTo(3);
        assertThat(wire.failure).isNotDone();
    }

    @Test
    void aTemporaryKeyCarriesItsLifetime() throws Exception {
        Wire wire = new Wire();
        KeyExchange exchange = wire.start(ClientHandshakeSettings.temporary(2, 90));
        HandshakeResult result = wire.key.get(30, TimeUnit.SECONDS);
        assertThat(exchange.temporary()).isTrue();
        assertThat(result.temporary()).isTrue();
        assertThat(result.expiresIn()).isEqualTo(90);
        assertThat(wire.server.result().expiresIn()).isEqualTo(90);
    }

    @Test
    void anUnexpectedMessageFailsTheExchangeOnce() throws Exception {
        Wire wire = new Wire();
        KeyExchange exchange = new KeyExchange(ClientHandshakeSettings.permanent(2)
            .withKeys(RsaKeyRing.of(serverKey.publicKey())), RandomSource.secure(), () -> 0, Schedulers.parallel(),
            wire.loop::execute, wire);
        exchange.onMessage(new Pong(1, 2));
        exchange.onMessage(new Pong(1, 2));
        assertThat(wire.failure.get(5, TimeUnit.SECONDS)).isInstanceOf(ProtocolException.class)
            .hasMessageContaining("pong");
        assertThat(exchange.finished()).isTrue();
    }

    @Test
    void aCancelledExchangeReportsNothing() throws Exception {
        Wire wire = new Wire() {
            @Override
            public void sendPlain(TlObject message) {
                super.sendPlain(message);
                exchange.cancel();
            }
        };
        wire.start(ClientHandshakeSettings.permanent(2));
        Thread.sleep(500);
        assertThat(wire.sent).isEqualTo(1);
        assertThat(wire.key).isNotDone();
        assertThat(wire.failure).isNotDone();
    }
}
