package io.mtflux.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.rpc.UnauthorizedException;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * After login, calls on other DCs log the account in there first (auth.exportAuthorization on the home DC,
 * auth.importAuthorization there): once per DC even for concurrent first calls, saved in the session, not
 * repeated after a restart.
 */
class DcAuthorizationTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PHONE = "+1 555 400 0001";

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(3)
        .user(TestUser.of(PHONE).dc(2).name("Mul", "Tidc").code("44444")));

    private final List<MtprotoClient> clients = new ArrayList<>();

    private MtprotoClient client(TestCluster cluster, InMemorySessionStore store, SimpleMeterRegistry registry) {
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
            .apiId(1).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(cluster.dcOptions()).sessionStore(store).meterRegistry(registry).build());
        client.connect().block(WAIT);
        clients.add(client);
        return client;
    }

    @AfterEach
    void close() {
        clients.forEach(c -> c.close().block(WAIT));
    }

    private static long self(MtprotoClient client, int dcId) {
        List<User> users = client.invoke(dcId, new UsersGetUsers(List.of(new InputUserSelf()))).block(WAIT);
        return ((BaseUser) users.get(0)).id();
    }

    private static double calls(SimpleMeterRegistry registry, String method) {
        var timer = registry.find("mtproto.rpc").tag("method", method).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void concurrentFirstCallsShareOneExportAndImportThatTheSessionKeeps(TestCluster cluster) {
        InMemorySessionStore store = new InMemorySessionStore();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MtprotoClient client = client(cluster, store, registry);
        AuthClient auth = AuthClient.create(client);
        SentCode.CodeSent sent = (SentCode.CodeSent) auth.sendCode(PHONE).block(WAIT);
        auth.signIn(sent, "44444").block(WAIT);
        long me = ((BaseUser) auth.me().block(WAIT)).id();

        List<Long> seen = Flux.range(0, 20).flatMap(i -> Flux.defer(() -> client.invoke(3,
                new UsersGetUsers(List.of(new InputUserSelf()))).flux()), 20)
            .map(users -> ((BaseUser) users.get(0)).id())
            .collectList().block(WAIT);
        assertThat(seen).hasSize(20).containsOnly(me);
        assertThat(calls(registry, "auth.exportAuthorization")).isEqualTo(1);
        assertThat(calls(registry, "auth.importAuthorization")).isEqualTo(1);
        assertThat(store.load("default").block(WAIT).dc(3).orElseThrow().authorized()).isTrue();
        // the home DC needs nothing; DC 1 gets its own authorization
        assertThat(self(client, 2)).isEqualTo(me);
        assertThat(self(client, 1)).isEqualTo(me);
        assertThat(calls(registry, "auth.exportAuthorization")).isEqualTo(2);
        assertThat(calls(registry, "auth.importAuthorization")).isEqualTo(2);
        client.close().block(WAIT);

        // a restart on the same session: DC 3 and DC 1 are authorized already, nothing is exported again
        SimpleMeterRegistry again = new SimpleMeterRegistry();
        MtprotoClient restarted = client(cluster, store, again);
        assertThat(self(restarted, 3)).isEqualTo(me);
        assertThat(self(restarted, 1)).isEqualTo(me);
        assertThat(calls(again, "auth.exportAuthorization")).isZero();
        assertThat(calls(again, "auth.importAuthorization")).isZero();
    }

    @Test
    void beforeLoginNothingIsCopiedAndLogOutForgetsEveryDc(TestCluster cluster) {
        InMemorySessionStore store = new InMemorySessionStore();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MtprotoClient client = client(cluster, store, registry);
        // not logged in: another DC answers 401 as it is, nothing is exported
        StepVerifier.create(client.invoke(1, new UsersGetUsers(List.of(new InputUserSelf()))))
            .expectError(UnauthorizedException.class).verify(WAIT);
        assertThat(calls(registry, "auth.exportAuthorization")).isZero();

        AuthClient auth = AuthClient.create(client);
        SentCode.CodeSent sent = (SentCode.CodeSent) auth.sendCode(PHONE).block(WAIT);
        auth.signIn(sent, "44444").block(WAIT);
        self(client, 3);
        self(client, 1);
        assertThat(store.load("default").block(WAIT).dcs().values()).allMatch(d -> d.authorized());
        auth.logOut().block(WAIT);
        SessionState out = store.load("default").block(WAIT);
        assertThat(out.userId()).isNull();
        assertThat(out.dcs().values()).isNotEmpty().noneMatch(d -> d.authorized());
    }
}
