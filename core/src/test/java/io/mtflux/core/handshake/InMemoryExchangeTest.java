package io.mtflux.core.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.DecryptedMessage;
import io.mtflux.core.crypto.MessageCipher;
import io.mtflux.core.crypto.MessageDirection;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.internal.server.ServerHandshake;
import io.mtflux.core.internal.server.ServerHandshakeSettings;
import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.mtproto.ReqPq;
import io.mtflux.core.tl.mtproto.ResPQ;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class InMemoryExchangeTest {

    private static final long NOW = 1_700_000_000L;

    static ClientHandshake client(InnerDataVariant variant, RsaScheme scheme) {
        ClientHandshakeSettings settings = new ClientHandshakeSettings(ServerKeys.RING, 10002, variant,
            variant.temporary() ? 3600 : 0, scheme, 5);
        return new ClientHandshake(settings, RandomSource.secure(), () -> NOW - 7);
    }

    static ServerHandshake server() {
        return new ServerHandshake(ServerHandshakeSettings.of(ServerKeys.KEY)
            .withAcceptsDc(ServerHandshakeSettings.dcMatcher(2, true)), RandomSource.secure(), () -> NOW);
    }

    @ParameterizedTest
    @EnumSource(InnerDataVariant.class)
    void everyVariantWithRsaPad(InnerDataVariant variant) {
        check(variant, RsaScheme.RSA_PAD);
    }

    @ParameterizedTest
    @EnumSource(InnerDataVariant.class)
    void everyVariantWithLegacyRsa(InnerDataVariant variant) {
        check(variant, RsaScheme.LEGACY);
    }

    private static void check(InnerDataVariant variant, RsaScheme scheme) {
        InMemoryExchange.Results r = InMemoryExchange.run(client(variant, scheme), server());
        assertThat(r.client().authKey()).isEqualTo(r.server().authKey());
        assertThat(r.client().authKey().bytes()).hasSize(256);
        assertThat(r.client().serverSalt()).isEqualTo(r.server().serverSalt());
        assertThat(r.client().timeOffsetSeconds()).isEqualTo(7);
        int expectedDc = variant.carriesDc() ? 10002 : 0;
        assertThat(r.client().dc()).isEqualTo(expectedDc);
        assertThat(r.server().dc()).isEqualTo(expectedDc);
        assertThat(r.server().temporary()).isEqualTo(variant.temporary());
        assertThat(r.server().expiresIn()).isEqualTo(variant.temporary() ? 3600 : 0);
        assertThat(r.client().expiresIn()).isEqualTo(r.server().expiresIn());
    }

    @Test
    void serverAcceptsTheOldReqPq() {
        ServerHandshake server = server();
        ResPQ resPq = server.onReqPq(new ReqPq(new byte[16]));
        assertThat(resPq.serverPublicKeyFingerprints()).containsExactly(ServerKeys.KEY.publicKey().fingerprint());
        assertThat(resPq.pq()).hasSize(8);
        assertThat(resPq.pq()[0] & 0x80).isZero();
    }

    @Test
    void keyIdCollisionLeadsToDhGenRetryAndStillAgrees() {
        AtomicInteger asked = new AtomicInteger();
        Set<Long> seen = new HashSet<>();
        ServerHandshake server = new ServerHandshake(ServerHandshakeSettings.of(ServerKeys.KEY)
            .withKeyIdTaken(key -> {
                seen.add(key.id());
                return asked.incrementAndGet() <= 2;
            }), RandomSource.secure(), () -> NOW);
        InMemoryExchange.Results r = InMemoryExchange.run(client(InnerDataVariant.DC, RsaScheme.RSA_PAD), server);
        assertThat(r.retries()).isEqualTo(2);
        assertThat(seen).hasSize(3);
        assertThat(r.client().authKey()).isEqualTo(r.server().authKey());
    }

    @Test
    void thousandRandomExchangesThroughTheAsyncApi() {
        InnerDataVariant[] variants = InnerDataVariant.values();
        RsaScheme[] schemes = RsaScheme.values();
        Set<AuthKey> keys = ConcurrentHashMap.newKeySet();
        StepVerifier.create(Flux.range(0, 1000)
                .flatMap(i -> InMemoryExchange.runAsync(client(variants[i % variants.length],
                    schemes[(i / variants.length) % 2]), server()), 4)
                .doOnNext(r -> {
                    assertThat(r.client().authKey()).isEqualTo(r.server().authKey());
                    assertThat(r.client().serverSalt()).isEqualTo(r.server().serverSalt());
                    keys.add(r.client().authKey());
                })
                .count())
            .expectNext(1000L)
            .expectComplete()
            .verify(Duration.ofMinutes(5));
        assertThat(keys).hasSize(1000);
    }

    @Test
    void keysFromTheExchangeCarryEncryptedMessagesBothWays() {
        InMemoryExchange.Results r = InMemoryExchange.run(client(InnerDataVariant.DC, RsaScheme.RSA_PAD), server());
        MessageCipher clientSide = new MessageCipher(r.client().authKey());
        MessageCipher serverSide = new MessageCipher(r.server().authKey());
        long session = 0x0102030405060708L;
        byte[] request = new byte[32 + 12];
        ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN).putLong(r.client().serverSalt()).putLong(session)
            .putLong(0x65c53d5112345678L).putInt(1).putInt(12).putInt(0x7abe77ec).putLong(42);
        DecryptedMessage atServer = serverSide.decrypt(MessageDirection.CLIENT_TO_SERVER,
            clientSide.encrypt(MessageDirection.CLIENT_TO_SERVER, request));
        assertThat(atServer.salt()).isEqualTo(r.server().serverSalt());
        assertThat(atServer.bodyBytes()).isEqualTo(Arrays.copyOfRange(request, 32, 44));
        byte[] reply = request.clone();
        reply[16] |= 1;
        DecryptedMessage atClient = clientSide.decrypt(MessageDirection.SERVER_TO_CLIENT,
            serverSide.encrypt(MessageDirection.SERVER_TO_CLIENT, reply), session);
        assertThat(atClient.msgId() & 3).isEqualTo(1);
    }

    @Test
    void messagesSurviveTheWire() {
        ClientHandshake client = client(InnerDataVariant.DC, RsaScheme.RSA_PAD);
        byte[] first = Tl.serialize(client.begin());
        assertThat(first).hasSize(20);
    }
}
