package io.mtflux.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.rpc.FloodWaitException;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.User;
import io.mtflux.testkit.LoginLimits;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Login flows under injected faults: flood waits under and over the threshold (injected and from the cluster's
 * LoginLimits), 500s, NETWORK_MIGRATE, connections dropped mid-login. Each flow ends authorized or with the
 * typed error, never hangs (every verification has a deadline).
 */
class LoginFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * The cluster's clock runs 25 s behind the client's: the client sees each QR token 5 s from its expiry and
     * refreshes it within seconds (the cluster keeps it valid 30 s), which makes up for a lost updateLoginToken.
     */
    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(3)
        .clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-25)))
        .limits(LoginLimits.defaults().withWrongCodesPerPhone(2))
        .user(TestUser.of("+1 555 500 0001").dc(2).name("Fl", "Ood").code("10001"))
        .user(TestUser.of("+1 555 500 0002").dc(2).name("Ov", "Er").code("10002"))
        .user(TestUser.of("+1 555 500 0003").dc(2).name("Li", "Mit").code("10003"))
        .user(TestUser.of("+1 555 500 0004").dc(3).name("In", "Ternal").code("10004").password("pw4", null))
        .user(TestUser.of("+1 555 500 0005").dc(1).name("Net", "Work").code("10005"))
        .user(TestUser.of("+1 555 500 0006").dc(2).name("Dr", "Op").code("10006"))
        .user(TestUser.of("+1 555 500 0007").dc(2).name("Qr", "Drop").code("10007")));

    private final List<MtprotoClient> clients = new ArrayList<>();

    private MtprotoClient client(TestCluster cluster, SimpleMeterRegistry registry) {
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
            .apiId(1).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(cluster.dcOptions()).sessionStore(new InMemorySessionStore()).meterRegistry(registry)
            .retry(RpcRetry.defaults().withBackoff(Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(100))))
            .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofMillis(200)).equalJitter())
            .build());
        client.connect().block(WAIT);
        clients.add(client);
        return client;
    }

    @AfterEach
    void close(TestCluster cluster) {
        for (int dc = 1; dc <= 3; dc++) {
            cluster.faults(dc).reset();
        }
        clients.forEach(c -> c.close().block(WAIT));
    }

    /** Prompts with a fixed phone, codes in order, one password; {@code beforeCode} runs as a code is asked. */
    private static LoginPrompts prompts(String phone, List<String> codes, String password, Runnable beforeCode) {
        AtomicInteger asked = new AtomicInteger();
        LoginPrompts.Builder b = LoginPrompts.builder()
            .phone(phone)
            .code(sent -> Mono.fromSupplier(() -> {
                beforeCode.run();
                return codes.get(Math.min(asked.getAndIncrement(), codes.size() - 1));
            }));
        return password == null ? b.build() : b.password(password).build();
    }

    private static String firstName(User user) {
        return ((BaseUser) user).firstName();
    }

    @Test
    void aShortFloodWaitIsSleptOutAndTheLoginCompletes(TestCluster cluster) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LoginFlows flows = LoginFlows.create(client(cluster, registry));
        cluster.faults(2).failNext("auth.signIn", 1, RpcException.of(420, "FLOOD_WAIT_1"));
        User user = flows.login(prompts("+1 555 500 0001", List.of("10001"), null, () -> { })).block(WAIT);
        assertThat(firstName(user)).isEqualTo("Fl");
        assertThat(registry.get("mtproto.flood.wait").tag("method", "auth.signIn").summary().count()).isEqualTo(1);
    }

    @Test
    void aLongFloodWaitSurfacesTypedAndIsCounted(TestCluster cluster) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LoginFlows flows = LoginFlows.create(client(cluster, registry))
            .withMeterRegistry(registry);
        cluster.faults(2).failNext("auth.sendCode", 1, RpcException.of(420, "FLOOD_WAIT_300"));
        StepVerifier.create(flows.login(prompts("+1 555 500 0002", List.of("10002"), null, () -> { })))
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(FloodWaitException.class,
                f -> assertThat(f.seconds()).isEqualTo(300)))
            .verify(WAIT);
        assertThat(registry.get("mtproto.login").tag("kind", "user").tag("outcome", "FloodWaitException").timer()
            .count()).isEqualTo(1);
        assertThat(registry.get("mtproto.login.flood.waits").tag("method", "auth.sendCode").summary().totalAmount())
            .isEqualTo(300);
    }

    @Test
    void theClustersWrongCodeLimitEndsTheRepromptsWithAFloodWait(TestCluster cluster) {
        LoginFlows flows = LoginFlows.create(client(cluster, new SimpleMeterRegistry()))
            .withMaxAttempts(5);
        // two wrong codes are allowed per window; the third try is answered FLOOD_WAIT_N (about an hour)
        StepVerifier.create(flows.login(prompts("+1 555 500 0003", List.of("00000"), null, () -> { })))
            .expectError(FloodWaitException.class)
            .verify(WAIT);
    }

    @Test
    void internalErrorsAreRetriedThrough2fa(TestCluster cluster) {
        LoginFlows flows = LoginFlows.create(client(cluster, new SimpleMeterRegistry()));
        cluster.faults(3).failNext("auth.signIn", 2, RpcException.of(500, "INTERNAL_SERVER_ERROR"));
        cluster.faults(3).failNext("auth.checkPassword", 1, RpcException.of(500, "INTERNAL_SERVER_ERROR"));
        User user = flows.login(prompts("+1 555 500 0004", List.of("10004"), "pw4", () -> { })).block(WAIT);
        assertThat(firstName(user)).isEqualTo("In");
    }

    @Test
    void networkMigrateThenPhoneMigrate(TestCluster cluster) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MtprotoClient client = client(cluster, registry);
        LoginFlows flows = LoginFlows.create(client).withMeterRegistry(registry);
        cluster.faults(2).failNext("auth.sendCode", 1, RpcException.of(303, "NETWORK_MIGRATE_3"));
        User user = flows.login(prompts("+1 555 500 0005", List.of("10005"), null, () -> { })).block(WAIT);
        assertThat(firstName(user)).isEqualTo("Net");
        assertThat(client.session().homeDc()).isEqualTo(1);
        assertThat(registry.get("mtproto.migrations").tag("kind", "network").tag("dc", "3").counter().count())
            .isEqualTo(1);
        assertThat(registry.get("mtproto.migrations").tag("kind", "phone").tag("dc", "1").counter().count())
            .isEqualTo(1);
    }

    @Test
    void connectionDroppedWhileSignInIsInFlight(TestCluster cluster) {
        MtprotoClient client = client(cluster, new SimpleMeterRegistry());
        LoginFlows flows = LoginFlows.create(client);
        int resentBefore = cluster.dc(2).resentQueries("auth.signIn");
        User user = flows.login(prompts("+1 555 500 0006", List.of("10006"), null, () -> {
            // auth.signIn is executed but its (delayed) reply dies with the connection: the client reconnects,
            // sends it again under its msg_id, and the server answers from its cache
            cluster.faults(2).delayReplies(Duration.ofMillis(400));
            Mono.delay(Duration.ofMillis(150)).subscribe(t -> {
                cluster.dc(2).dropConnections();
                cluster.faults(2).delayReplies(Duration.ZERO);
            });
        })).block(WAIT);
        assertThat(firstName(user)).isEqualTo("Dr");
        assertThat(AuthClient.create(client).isAuthorized().block(WAIT)).isTrue();
        // the drop hit auth.signIn in flight: the client sent it again under its msg_id, and DC 2 answered it
        // without a second execution
        assertThat(cluster.dc(2).resentQueries("auth.signIn") - resentBefore).isPositive();
    }

    @Test
    void qrLoginSurvivesDroppedConnectionsFloodWaitsAnd500s(TestCluster cluster) {
        MtprotoClient waiting = client(cluster, new SimpleMeterRegistry());
        AuthClient other = AuthClient.create(client(cluster, new SimpleMeterRegistry()));
        LoginFlows.create(other.client()).login(prompts("+1 555 500 0007", List.of("10007"), null, () -> { }))
            .block(WAIT);
        cluster.faults(2).failNext("auth.exportLoginToken", 1, RpcException.of(500, "INTERNAL_SERVER_ERROR"));
        AtomicInteger tokens = new AtomicInteger();
        QrLoginStep last = LoginFlows.create(waiting).startQr(LoginPrompts.builder().build())
            .concatMap(step -> {
                if (!(step instanceof QrLoginStep.Token token) || tokens.incrementAndGet() > 1) {
                    return Mono.just(step);
                }
                // the waiting session's connection drops around the acceptance, and the next export meets a
                // short flood wait: the login still completes (by the pushed update or the next refresh)
                cluster.faults(2).failNext("auth.exportLoginToken", 1, RpcException.of(420, "FLOOD_WAIT_1"));
                cluster.dc(2).dropConnections();
                return other.acceptLoginToken(token.token()).thenReturn(step);
            })
            .blockLast(WAIT);
        assertThat(last).isInstanceOfSatisfying(QrLoginStep.Authorized.class,
            a -> assertThat(firstName(a.user())).isEqualTo("Qr"));
    }

    @Test
    void aLongFloodWaitEndsTheQrFlowTyped(TestCluster cluster) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LoginFlows flows = LoginFlows.create(client(cluster, registry)).withMeterRegistry(registry);
        cluster.faults(2).failNext("auth.exportLoginToken", 1, RpcException.of(420, "FLOOD_WAIT_120"));
        StepVerifier.create(flows.startQr(LoginPrompts.builder().build())).expectError(FloodWaitException.class)
            .verify(WAIT);
        assertThat(registry.get("mtproto.login").tag("kind", "qr").tag("outcome", "FloodWaitException").timer()
            .count()).isEqualTo(1);
        assertThat(registry.get("mtproto.login.flood.waits").tag("method", "auth.exportLoginToken").summary()
            .count()).isEqualTo(1);
    }
}
