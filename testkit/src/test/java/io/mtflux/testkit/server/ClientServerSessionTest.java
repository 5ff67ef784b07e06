package io.mtflux.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.rpc.FloodWaitException;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.tl.api.NearestDc;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** MtprotoClient against MtprotoServer over real loopback TCP. */
class ClientServerSessionTest {
    private MtprotoServer server;
    private MtprotoClient client;

    @BeforeEach
    void setUp() {
        server = TestServers.start(2);
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close().block(Duration.ofSeconds(10));
        }
        server.stop().block(Duration.ofSeconds(10));
    }

    @Test
    void handshakeThenRpcAndTheKeyIsSavedBeforeUse() {
        InMemorySessionStore store = new InMemorySessionStore();
        client = MtprotoClient.create(TestServers.client(server).sessionStore(store).build());
        client.connect().block(Duration.ofSeconds(30));
        NearestDc nearest = client.invoke(new HelpGetNearestDc()).block(Duration.ofSeconds(10));
        assertThat(nearest).isEqualTo(new NearestDc("ZZ", 2, 2));
        SessionState saved = store.load("default").block();
        assertThat(saved.dc(2)).isPresent();
        assertThat(server.authKeys()).singleElement()
            .satisfies(k -> assertThat(k.id()).isEqualTo(saved.dc(2).orElseThrow().authKey().id()));
        assertThat(server.authKeys().get(0).layer()).isEqualTo(228);
    }

    @Test
    void aSecondClientFromTheSameStoreReusesTheKey() {
        InMemorySessionStore store = new InMemorySessionStore();
        client = MtprotoClient.create(TestServers.client(server).sessionStore(store).build());
        client.connect().block(Duration.ofSeconds(30));
        client.close().block();
        client = MtprotoClient.create(TestServers.client(server).sessionStore(store).build());
        client.connect().block(Duration.ofSeconds(30));
        assertThat(client.invoke(new HelpGetNearestDc()).block(Duration.ofSeconds(10))).isNotNull();
        assertThat(server.authKeys()).hasSize(1);
    }

    @Test
    void thousandsOfSequentialAndConcurrentRequests() {
        client = MtprotoClient.create(TestServers.client(server).build());
        client.connect().block(Duration.ofSeconds(30));
        for (int i = 0; i < 10_000; i++) {
            assertThat(client.invoke(new HelpGetNearestDc()).block(Duration.ofSeconds(10)).thisDc()).isEqualTo(2);
        }
        List<NearestDc> all = Flux.range(0, 10_000)
            .flatMap(i -> client.invoke(new HelpGetNearestDc()), 1_000)
            .collectList().block(Duration.ofSeconds(60));
        assertThat(all).hasSize(10_000).allSatisfy(n -> assertThat(n.thisDc()).isEqualTo(2));
    }

    @Test
    void rpcErrorsAreTypedAndFloodWaitsUnderTheThresholdAreSleptOut() {
        client = MtprotoClient.create(TestServers.client(server).build());
        client.connect().block(Duration.ofSeconds(30));
        server.faults().failNext("help.getNearestDc", 1, RpcException.of(420, "FLOOD_WAIT_1"));
        StepVerifier.create(client.invoke(new HelpGetNearestDc())).expectNextCount(1).verifyComplete();
        server.faults().failNext("help.getNearestDc", 1, RpcException.of(420, "FLOOD_WAIT_120"));
        StepVerifier.create(client.invoke(new HelpGetNearestDc()))
            .expectError(FloodWaitException.class).verify(Duration.ofSeconds(10));
        server.faults().failNext("help.getNearestDc", 1, RpcException.of(400, "SOMETHING_INVALID"));
        StepVerifier.create(client.invoke(new HelpGetNearestDc()))
            .expectErrorMessage("400 SOMETHING_INVALID").verify(Duration.ofSeconds(10));
    }

    @Test
    void metricsGoToTheGivenRegistry() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        client = MtprotoClient.create(TestServers.client(server).meterRegistry(registry).build());
        client.connect().block(Duration.ofSeconds(30));
        server.faults().failNext("help.getNearestDc", 1, RpcException.of(420, "FLOOD_WAIT_1"));
        client.invoke(new HelpGetNearestDc()).block(Duration.ofSeconds(10));
        assertThat(registry.get("mtproto.rpc").tag("method", "help.getNearestDc").tag("outcome", "ok").timer()
            .count()).isEqualTo(1);
        assertThat(registry.get("mtproto.rpc.errors").tag("error", "FLOOD_WAIT_X").counter().count()).isEqualTo(1);
        assertThat(registry.get("mtproto.flood.wait").summary().totalAmount()).isEqualTo(1);
        assertThat(registry.get("mtproto.key.exchange").tag("outcome", "ok").timer().count()).isEqualTo(1);
        assertThat(registry.get("mtproto.connections.open").gauge().value()).isEqualTo(1);
        assertThat(registry.get("mtproto.bytes.in").counter().count()).isPositive();
        assertThat(registry.get("mtproto.bytes.out").counter().count()).isPositive();
        client.close().block(Duration.ofSeconds(10));
        assertThat(registry.get("mtproto.connections.open").gauge().value()).isZero();
        client = null;
    }

    @Test
    void aCallWithoutAnswerTimesOutAndTheNextOneWorks() {
        client = MtprotoClient.create(TestServers.client(server).requestTimeout(Duration.ofMillis(500)).build());
        client.connect().block(Duration.ofSeconds(30));
        server.faults().dropReplies(1);
        StepVerifier.create(client.invoke(new HelpGetNearestDc()))
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(java.util.concurrent.TimeoutException.class)
                .hasMessageContaining("help.getNearestDc"))
            .verify(Duration.ofSeconds(10));
        assertThat(client.invoke(new HelpGetNearestDc()).block(Duration.ofSeconds(10))).isNotNull();
    }

    @Test
    void largeQueriesTravelGzippedAndAreUnderstood() {
        client = MtprotoClient.create(TestServers.client(server).build());
        client.connect().block(Duration.ofSeconds(30));
        io.mtflux.core.tl.api.help.HelpCountriesList answer = client.invoke(
            new io.mtflux.core.tl.api.help.HelpGetCountriesList("a".repeat(5000), 77)).block(Duration.ofSeconds(10));
        assertThat(((io.mtflux.core.tl.api.help.BaseHelpCountriesList) answer).hash()).isEqualTo(77);
    }

    @Test
    void callsToAnotherDcUseTheirOwnConnectionAndKey() {
        MtprotoServer dc4 = TestServers.start(4);
        try {
            InMemorySessionStore store = new InMemorySessionStore();
            client = MtprotoClient.create(ClientOptions.builder()
                .apiId(12345).apiHash("0123456789abcdef0123456789abcdef")
                .dcOptions(io.mtflux.core.client.DcOptions.of(List.of(
                    io.mtflux.core.store.DcEndpoint.of(2, "127.0.0.1", server.port()),
                    io.mtflux.core.store.DcEndpoint.of(4, "127.0.0.1", dc4.port())),
                    io.mtflux.core.crypto.RsaKeyRing.of(TestServers.RSA_KEY.publicKey()), 2))
                .sessionStore(store).build());
            client.connect().block(Duration.ofSeconds(30));
            assertThat(client.invoke(4, new HelpGetNearestDc()).block(Duration.ofSeconds(30)).thisDc()).isEqualTo(4);
            assertThat(client.invoke(new HelpGetNearestDc()).block(Duration.ofSeconds(10)).thisDc()).isEqualTo(2);
            SessionState state = store.load("default").block();
            assertThat(state.dcs()).containsOnlyKeys(2, 4);
            assertThat(state.dc(2).orElseThrow().authKey().id()).isNotEqualTo(state.dc(4).orElseThrow().authKey().id());
            assertThat(dc4.authKeys()).hasSize(1);
        } finally {
            dc4.stop().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void invokeBeforeConnectIsATypedError() {
        client = MtprotoClient.create(TestServers.client(server).build());
        StepVerifier.create(client.invoke(new HelpGetNearestDc()))
            .expectErrorMessage("call connect() before invoke()").verify(Duration.ofSeconds(10));
        client.connect().block(Duration.ofSeconds(30));
        assertThat(client.invoke(new HelpGetNearestDc()).block(Duration.ofSeconds(10))).isNotNull();
    }

    @Test
    void internalErrorsAreRetried() {
        client = MtprotoClient.create(TestServers.client(server)
            .retry(RpcRetry.defaults().withBackoff(Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(50))))
            .build());
        client.connect().block(Duration.ofSeconds(30));
        server.faults().failNext("help.getNearestDc", 2, RpcException.of(500, "RPC_CALL_FAIL"));
        assertThat(client.invoke(new HelpGetNearestDc()).block(Duration.ofSeconds(10))).isNotNull();
    }

    @Test
    void saltRotationSessionLossAndDroppedConnectionsAreRecovered() {
        client = MtprotoClient.create(TestServers.client(server).build());
        client.connect().block(Duration.ofSeconds(30));
        server.rotateSalts();
        assertThat(client.invoke(new HelpGetNearestDc()).block(Duration.ofSeconds(10))).isNotNull();
        server.forgetSessions();
        assertThat(client.invoke(new HelpGetNearestDc()).block(Duration.ofSeconds(10))).isNotNull();
        server.dropConnections();
        assertThat(client.invoke(new HelpGetNearestDc()).block(Duration.ofSeconds(10))).isNotNull();
    }

    @Test
    void aForgottenAuthKeyIsReplacedByANewExchange() {
        InMemorySessionStore store = new InMemorySessionStore();
        client = MtprotoClient.create(TestServers.client(server).sessionStore(store).build());
        client.connect().block(Duration.ofSeconds(30));
        long firstKey = store.load("default").block().dc(2).orElseThrow().authKey().id();
        server.forgetAuthKeys();
        server.dropConnections();
        assertThat(client.invoke(new HelpGetNearestDc()).block(Duration.ofSeconds(30))).isNotNull();
        long secondKey = store.load("default").block().dc(2).orElseThrow().authKey().id();
        assertThat(secondKey).isNotEqualTo(firstKey);
    }

    @Test
    void clockSkewOfAnHourIsResyncedOnTheFirstRequest() {
        for (Duration skew : List.of(Duration.ofHours(1), Duration.ofHours(-1))) {
            InMemorySessionStore store = new InMemorySessionStore();
            MtprotoClient first = MtprotoClient.create(TestServers.client(server).sessionStore(store).build());
            first.connect().block(Duration.ofSeconds(30));
            first.close().block();
            // the stored time offset is now an hour off: the first request gets bad_msg_notification 16 or 17
            server.faults().clockSkew(skew);
            // the server's clock ahead: the client's msg_ids are an hour too low (16); behind: too high (17)
            int code = skew.isNegative() ? 17 : 16;
            int before = server.badMsgNotificationsSent(code);
            client = MtprotoClient.create(TestServers.client(server).sessionStore(store).build());
            client.connect().block(Duration.ofSeconds(30));
            assertThat(client.invoke(new HelpGetNearestDc()).block(Duration.ofSeconds(10))).isNotNull();
            assertThat(server.badMsgNotificationsSent(code) - before)
                .as("bad_msg_notification %d sent for a skew of %s", code, skew).isPositive();
            client.close().block();
            client = null;
            server.faults().clockSkew(Duration.ZERO);
        }
    }
}
