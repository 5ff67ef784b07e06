package io.mtflux.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.rpc.MigrateException;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.NearestDc;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.BaseAuthSentCode;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;

/**
 * {@code MtprotoClient.invoke} follows DC migrations by itself, for any call: PHONE/USER/NETWORK move the home DC
 * (saved in the session), FILE/STATS route the call; bounded hops; the authorization of a logged-in account is
 * copied to a new DC once, however many calls arrive there at once; migrations survive a DC that is down or drops
 * its connections. The migrations are injected with the cluster's faults, so every kind is tried from every DC.
 */
class ClientMigrationTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PHONE = "+1 555 303 0002";
    private static final String CODE = "30302";

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(3)
        .user(TestUser.of(PHONE).dc(2).name("Mig", "Rant").code(CODE)));

    private final List<MtprotoClient> clients = new ArrayList<>();

    @AfterEach
    void close(TestCluster cluster) {
        clients.forEach(c -> c.close().block(WAIT));
        for (int dc = 1; dc <= 3; dc++) {
            cluster.faults(dc).reset();
        }
    }

    private MtprotoClient client(TestCluster cluster, int startDc, InMemorySessionStore store,
                                 SimpleMeterRegistry registry, int maxMigrations) {
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
            .apiId(Logins.API_ID).apiHash(Logins.API_HASH)
            .dcOptions(cluster.dcOptions(startDc)).sessionStore(store).meterRegistry(registry)
            .retry(RpcRetry.none()).maxMigrations(maxMigrations).maxConnectAttempts(30)
            .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofMillis(200)).equalJitter())
            .build());
        clients.add(client);
        client.connect().block(WAIT);
        return client;
    }

    private MtprotoClient client(TestCluster cluster, int startDc) {
        return client(cluster, startDc, new InMemorySessionStore(), new SimpleMeterRegistry(), 5);
    }

    /** A logged-in client on the account's home DC 2 (the sign-in is a plain invoke: the client records it). */
    private MtprotoClient loggedIn(TestCluster cluster, SimpleMeterRegistry registry) {
        MtprotoClient client = client(cluster, 2, new InMemorySessionStore(), registry, 5);
        BaseAuthSentCode sent = (BaseAuthSentCode) client.invoke(Logins.sendCode(PHONE)).block(WAIT);
        client.invoke(new AuthSignIn(PHONE, sent.phoneCodeHash(), CODE, null)).block(WAIT);
        assertThat(client.session().userId()).isNotNull();
        assertThat(client.session().dc(2).orElseThrow().authorized()).isTrue();
        return client;
    }

    private static RpcException migrate(String kind, int dc) {
        return RpcException.of(303, kind + "_MIGRATE_" + dc);
    }

    private static int nearestDc(MtprotoClient client) {
        NearestDc nearest = client.invoke(new HelpGetNearestDc()).block(WAIT);
        return nearest.thisDc();
    }

    private static double count(SimpleMeterRegistry registry, String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private static double calls(SimpleMeterRegistry registry, String method) {
        var timer = registry.find("mtproto.rpc").tag("method", method).timer();
        return timer == null ? 0 : timer.count();
    }

    @ParameterizedTest(name = "{0}_MIGRATE from DC {1} to DC {2}")
    @CsvSource({
        "PHONE, 1, 2", "PHONE, 2, 3", "PHONE, 3, 1",
        "USER, 1, 3", "USER, 2, 1", "USER, 3, 2",
        "NETWORK, 1, 2", "NETWORK, 2, 3", "NETWORK, 3, 1"})
    void homeMovingMigrationsMoveTheHomeDcAndSaveIt(String kind, int from, int to, TestCluster cluster) {
        InMemorySessionStore store = new InMemorySessionStore();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MtprotoClient client = client(cluster, from, store, registry, 5);
        cluster.faults(from).failNext("help.getNearestDc", 1, migrate(kind, to));

        assertThat(nearestDc(client)).isEqualTo(to);
        assertThat(client.session().homeDc()).isEqualTo(to);
        assertThat(store.load("default").block(WAIT).homeDc()).isEqualTo(to);
        // the next call goes to the new home at once
        assertThat(nearestDc(client)).isEqualTo(to);
        assertThat(count(registry, "mtproto.migrations", "kind", kind.toLowerCase(), "dc", String.valueOf(to)))
            .isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}_MIGRATE from DC {1} to DC {2}")
    @CsvSource({"FILE, 1, 3", "FILE, 2, 1", "FILE, 3, 2", "STATS, 2, 3"})
    void routingMigrationsRepeatTheCallThereAndKeepTheHomeDc(String kind, int from, int to, TestCluster cluster) {
        MtprotoClient client = client(cluster, from);
        cluster.faults(from).failNext("help.getNearestDc", 1, migrate(kind, to));

        assertThat(nearestDc(client)).isEqualTo(to);
        assertThat(client.session().homeDc()).isEqualTo(from);
        assertThat(nearestDc(client)).isEqualTo(from);
    }

    @Test
    void aLoggedInAccountIsAuthorizedOnTheDcItIsSentTo(TestCluster cluster) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MtprotoClient client = loggedIn(cluster, registry);
        long me = client.session().userId();
        cluster.faults(2).failNext("users.getUsers", 1, migrate("FILE", 3));

        List<io.mtflux.core.tl.api.User> users = client.invoke(new UsersGetUsers(List.of(new InputUserSelf())))
            .block(WAIT);
        assertThat(((BaseUser) users.get(0)).id()).isEqualTo(me);
        assertThat(calls(registry, "auth.exportAuthorization")).isEqualTo(1);
        assertThat(calls(registry, "auth.importAuthorization")).isEqualTo(1);
        assertThat(client.session().dc(3).orElseThrow().authorized()).isTrue();
        assertThat(client.session().homeDc()).isEqualTo(2);

        // a home-moving migration of a logged-in account copies the authorization to the new home first
        cluster.faults(2).failNext("help.getNearestDc", 1, migrate("USER", 1));
        assertThat(nearestDc(client)).isEqualTo(1);
        assertThat(client.session().homeDc()).isEqualTo(1);
        assertThat(client.session().dc(1).orElseThrow().authorized()).isTrue();
        assertThat(calls(registry, "auth.importAuthorization")).isEqualTo(2);
        List<io.mtflux.core.tl.api.User> onOne = client.invoke(new UsersGetUsers(List.of(new InputUserSelf())))
            .block(WAIT);
        assertThat(((BaseUser) onOne.get(0)).id()).isEqualTo(me);
    }

    @Test
    void concurrentFirstCallsToANewDcShareOneExportAndImport(TestCluster cluster) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MtprotoClient client = loggedIn(cluster, registry);
        long me = client.session().userId();
        cluster.faults(2).failNext("users.getUsers", 20, migrate("FILE", 3));

        List<Long> seen = Flux.range(0, 20)
            .flatMap(i -> client.invoke(new UsersGetUsers(List.of(new InputUserSelf()))), 20)
            .map(users -> ((BaseUser) users.get(0)).id())
            .collectList().block(WAIT);
        assertThat(seen).hasSize(20).containsOnly(me);
        assertThat(calls(registry, "auth.exportAuthorization")).isEqualTo(1);
        assertThat(calls(registry, "auth.importAuthorization")).isEqualTo(1);
        assertThat(count(registry, "mtproto.migrations", "kind", "file", "dc", "3")).isEqualTo(20);
    }

    @Test
    void chainsAreFollowedUpToTheBound(TestCluster cluster) {
        // NETWORK_MIGRATE to 3, where PHONE_MIGRATE sends it on to 1: two hops
        MtprotoClient client = client(cluster, 2);
        cluster.faults(2).failNext("help.getNearestDc", 1, migrate("NETWORK", 3));
        cluster.faults(3).failNext("help.getNearestDc", 1, migrate("PHONE", 1));
        assertThat(nearestDc(client)).isEqualTo(1);
        assertThat(client.session().homeDc()).isEqualTo(1);

        // the same chain with a bound of one hop: the second migration surfaces, typed
        MtprotoClient bounded = client(cluster, 2, new InMemorySessionStore(), new SimpleMeterRegistry(), 1);
        cluster.faults(2).failNext("help.getNearestDc", 1, migrate("NETWORK", 3));
        cluster.faults(3).failNext("help.getNearestDc", 1, migrate("PHONE", 1));
        assertThatThrownBy(() -> bounded.invoke(new HelpGetNearestDc()).block(WAIT))
            .isInstanceOfSatisfying(MigrateException.class, e -> {
                assertThat(e.kind()).isEqualTo(MigrateException.Kind.PHONE);
                assertThat(e.dcId()).isEqualTo(1);
            });
        assertThat(bounded.session().homeDc()).isEqualTo(3);

        // a ping-pong between two DCs ends after the default bound of 5 hops
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MtprotoClient looping = client(cluster, 2, new InMemorySessionStore(), registry, 5);
        cluster.faults(2).failNext("help.getNearestDc", 10, migrate("FILE", 3));
        cluster.faults(3).failNext("help.getNearestDc", 10, migrate("FILE", 2));
        assertThatThrownBy(() -> looping.invoke(new HelpGetNearestDc()).block(WAIT))
            .isInstanceOf(MigrateException.class);
        assertThat(count(registry, "mtproto.migrations", "kind", "file", "dc", "3")
            + count(registry, "mtproto.migrations", "kind", "file", "dc", "2")).isEqualTo(5);
    }

    @Test
    void aMigrationToADcThatIsDownWaitsForItsReconnect(TestCluster cluster) throws Exception {
        MtprotoClient client = client(cluster, 2);
        cluster.dc(3).stop().block(WAIT);
        try {
            cluster.faults(2).failNext("help.getNearestDc", 1, migrate("PHONE", 3));
            CompletableFuture<NearestDc> answer = client.invoke(new HelpGetNearestDc()).toFuture();
            Thread.sleep(300);
            assertThat(answer).isNotDone();
            cluster.dc(3).start().block(WAIT);
            assertThat(answer.get(60, java.util.concurrent.TimeUnit.SECONDS).thisDc()).isEqualTo(3);
            assertThat(client.session().homeDc()).isEqualTo(3);
        } finally {
            cluster.dc(3).start().onErrorResume(e -> reactor.core.publisher.Mono.empty()).block(WAIT);
        }
    }

    @Test
    void aMigratedCallSurvivesDroppedConnectionsOnBothDcs(TestCluster cluster) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MtprotoClient client = loggedIn(cluster, registry);
        long me = client.session().userId();
        cluster.faults(2).failNext("users.getUsers", 1, migrate("FILE", 1));
        cluster.faults(1).delayReplies(Duration.ofMillis(400));
        CompletableFuture<List<io.mtflux.core.tl.api.User>> answer =
            client.invoke(new UsersGetUsers(List.of(new InputUserSelf()))).toFuture();
        Thread.sleep(150);
        cluster.dc(2).dropConnections();
        cluster.dc(1).dropConnections();
        List<io.mtflux.core.tl.api.User> users = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(((BaseUser) users.get(0)).id()).isEqualTo(me);
        assertThat(client.session().dc(1).orElseThrow().authorized()).isTrue();
        assertThat(calls(registry, "auth.importAuthorization")).isEqualTo(1);
    }
}
