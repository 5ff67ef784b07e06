package io.mtflux.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * QR login as a Flux against the testkit: acceptance from a second logged-in session through the pushed
 * updateLoginToken, loginTokenMigrateTo, 2FA after QR, tokens refreshed before they expire (by the cluster's
 * movable clock), cancellation.
 */
class QrLoginFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String API_HASH = "0123456789abcdef0123456789abcdef";

    private static final MovableClock CLOCK = new MovableClock();

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(3)
        .clock(CLOCK)
        .user(TestUser.of("+1 555 300 0001").dc(3).name("Qi", "Migr").code("11111"))
        .user(TestUser.of("+1 555 300 0002").dc(2).name("Pa", "Ssword").code("22222").password("qr-pw", "qr hint"))
        .user(TestUser.of("+1 555 300 0003").dc(2).name("Ca", "Ncel").code("33333")));

    private final List<MtprotoClient> clients = new ArrayList<>();

    private MtprotoClient client(TestCluster cluster, SimpleMeterRegistry registry) {
        ClientOptions.Builder b = ClientOptions.builder().apiId(1).apiHash(API_HASH)
            .dcOptions(cluster.dcOptions()).sessionStore(new InMemorySessionStore());
        if (registry != null) {
            b.meterRegistry(registry);
        }
        MtprotoClient client = MtprotoClient.create(b.build());
        client.connect().block(WAIT);
        clients.add(client);
        return client;
    }

    @AfterEach
    void close() {
        clients.forEach(c -> c.close().block(WAIT));
    }

    /** A second session logged in as {@code phone} with its fixed code (and password). */
    private AuthClient loggedIn(TestCluster cluster, String phone, String code, String password) {
        LoginPrompts.Builder prompts = LoginPrompts.builder().phone(phone).code(code);
        if (password != null) {
            prompts.password(password);
        }
        MtprotoClient client = client(cluster, null);
        LoginFlows.create(client).login(prompts.build()).block(WAIT);
        return AuthClient.create(client);
    }

    private static final LoginPrompts NO_PASSWORD = LoginPrompts.builder().build();

    @Test
    void acceptedFromAnotherSessionAfterLoginTokenMigrateTo(TestCluster cluster) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MtprotoClient waiting = client(cluster, null);
        AuthClient other = loggedIn(cluster, "+1 555 300 0001", "11111", null);
        List<QrLoginStep> steps = new CopyOnWriteArrayList<>();
        QrLoginStep last = LoginFlows.create(waiting).withMeterRegistry(registry).startQr(NO_PASSWORD)
            .doOnNext(steps::add)
            // the other session scans the first token it is shown
            .concatMap(step -> steps.size() == 1 ? other.acceptLoginToken(((QrLoginStep.Token) step).token())
                .thenReturn(step) : Mono.just(step))
            .blockLast(WAIT);
        assertThat(steps.get(0)).isInstanceOfSatisfying(QrLoginStep.Token.class,
            t -> assertThat(t.url()).matches("tg://login\\?token=[A-Za-z0-9_-]+"));
        assertThat(last).isInstanceOfSatisfying(QrLoginStep.Authorized.class,
            a -> assertThat(((BaseUser) a.user()).firstName()).isEqualTo("Qi"));
        // the account lives on DC 3: loginTokenMigrateTo moved the session there
        assertThat(waiting.session().homeDc()).isEqualTo(3);
        assertThat(waiting.session().dc(3).orElseThrow().authorized()).isTrue();
        assertThat(AuthClient.create(waiting).isAuthorized().block(WAIT)).isTrue();
        assertThat(registry.get("mtproto.login").tag("kind", "qr").tag("outcome", "ok").timer().count())
            .isEqualTo(1);
        assertThat(registry.get("mtproto.login.migrations").tag("kind", "qr").tag("dc", "3").counter().count())
            .isEqualTo(1);
    }

    @Test
    void twoFactorAfterQrAsksThePasswordAgainWhenWrong(TestCluster cluster) {
        MtprotoClient waiting = client(cluster, null);
        AuthClient other = loggedIn(cluster, "+1 555 300 0002", "22222", "qr-pw");
        List<String> hints = new CopyOnWriteArrayList<>();
        AtomicInteger asks = new AtomicInteger();
        QrLoginStep last = LoginFlows.create(waiting)
            .startQr(LoginPrompts.builder().password(hint -> {
                hints.add(hint);
                return Mono.just(asks.getAndIncrement() == 0 ? "wrong" : "qr-pw");
            }).build())
            .concatMap(step -> step instanceof QrLoginStep.Token t && asks.get() == 0 && hints.isEmpty()
                ? other.acceptLoginToken(t.token()).thenReturn(step) : Mono.just(step))
            .blockLast(WAIT);
        assertThat(last).isInstanceOfSatisfying(QrLoginStep.Authorized.class,
            a -> assertThat(((BaseUser) a.user()).firstName()).isEqualTo("Pa"));
        assertThat(hints).containsExactly("qr hint", "qr hint");
        assertThat(waiting.session().userId()).isEqualTo(((BaseUser) ((QrLoginStep.Authorized) last).user()).id());
    }

    @Test
    void twoFactorAccountWithoutAPasswordPromptFailsTyped(TestCluster cluster) {
        MtprotoClient waiting = client(cluster, null);
        AuthClient other = loggedIn(cluster, "+1 555 300 0002", "22222", "qr-pw");
        StepVerifier.create(LoginFlows.create(waiting).startQr(NO_PASSWORD)
                .concatMap(step -> other.acceptLoginToken(((QrLoginStep.Token) step).token()).thenReturn(step)))
            .expectNextCount(1)
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(LoginPromptEmptyException.class, empty -> {
                assertThat(empty.prompt()).isEqualTo(LoginPrompts.Prompt.PASSWORD);
                assertThat(empty.getCause()).isInstanceOf(SessionPasswordNeededException.class);
            }))
            .verify(WAIT);
    }

    @Test
    void aTokenIsReplacedShortlyBeforeItExpiresByTheClustersClock(TestCluster cluster) throws InterruptedException {
        MtprotoClient waiting = client(cluster, null);
        AuthClient other = loggedIn(cluster, "+1 555 300 0003", "33333", null);
        // the flow reads the cluster's clock as the server's and times its refresh on a virtual timer: the test
        // moves both instead of sleeping 30 s
        VirtualTimeScheduler timer = VirtualTimeScheduler.create();
        BlockingQueue<QrLoginStep> steps = new LinkedBlockingQueue<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Disposable flow = LoginFlows.create(waiting).withQrClock(CLOCK, timer).startQr(NO_PASSWORD)
            .subscribe(steps::add, errors::add);
        try {
            QrLoginStep.Token first = (QrLoginStep.Token) steps.poll(60, TimeUnit.SECONDS);
            long left = first.expires() * 1000L - CLOCK.millis();
            assertThat(left).isBetween(28_000L, 30_000L);
            // the token reaches the test before the flow has timed its refresh: wait for that timer first, else
            // the refresh would be timed from the moved clock
            awaitScheduled(timer, 1);
            // to 1 s before the first token expires: past the refresh point (2 s before), so a new one comes
            advance(timer, Duration.ofMillis(left - 1000));
            QrLoginStep.Token second = (QrLoginStep.Token) steps.poll(60, TimeUnit.SECONDS);
            assertThat(second).isNotNull();
            assertThat(CLOCK.millis()).isLessThan(first.expires() * 1000L);
            assertThat(second.url()).isNotEqualTo(first.url());
            assertThat(second.expires()).isGreaterThan(first.expires());
            // past the first token's expiry: the cluster refuses it, takes the second, and the flow logs in
            CLOCK.advance(Duration.ofSeconds(5));
            assertThatThrownBy(() -> other.acceptLoginToken(first.token()).block(WAIT))
                .isInstanceOf(RpcException.class)
                .satisfies(e -> assertThat(((RpcException) e).errorMessage()).startsWith("AUTH_TOKEN_"));
            other.acceptLoginToken(second.token()).block(WAIT);
            assertThat(steps.poll(60, TimeUnit.SECONDS)).isInstanceOf(QrLoginStep.Authorized.class);
            assertThat(errors).isEmpty();
        } finally {
            flow.dispose();
            timer.dispose();
        }
    }

    private static void awaitScheduled(VirtualTimeScheduler timer, long tasks) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (timer.getScheduledTaskCount() < tasks) {
            assertThat(System.nanoTime()).as("the flow timed its refresh").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void advance(VirtualTimeScheduler timer, Duration by) {
        CLOCK.advance(by);
        timer.advanceTimeBy(by);
    }

    @Test
    void cancellingStopsExportingAndListening(TestCluster cluster) {
        SimpleMeterRegistry clientMetrics = new SimpleMeterRegistry();
        SimpleMeterRegistry loginMetrics = new SimpleMeterRegistry();
        MtprotoClient waiting = client(cluster, clientMetrics);
        AuthClient other = loggedIn(cluster, "+1 555 300 0003", "33333", null);
        Sinks.One<QrLoginStep.Token> first = Sinks.one();
        Disposable flow = LoginFlows.create(waiting).withMeterRegistry(loginMetrics)
            .startQr(NO_PASSWORD).subscribe(step -> first.tryEmitValue((QrLoginStep.Token) step));
        QrLoginStep.Token token = first.asMono().block(WAIT);
        flow.dispose();
        // accepted after the flow was cancelled: the pushed update reaches nobody who exports again
        other.acceptLoginToken(token.token()).block(WAIT);
        waiting.invoke(new HelpGetNearestDc()).block(WAIT);
        assertThat(clientMetrics.get("mtproto.rpc").tag("method", "auth.exportLoginToken").timer().count())
            .isEqualTo(1);
        assertThat(waiting.session().userId()).isNull();
        assertThat(loginMetrics.get("mtproto.login").tag("kind", "qr").tag("outcome", "cancelled").timer()
            .count()).isEqualTo(1);
    }
}
