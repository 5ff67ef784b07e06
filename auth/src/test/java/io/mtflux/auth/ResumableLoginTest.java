package io.mtflux.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.PendingLogin;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Resumable logins against the testkit, every step on a NEW client over the same store (as after a restart or on
 * another instance): 2FA with a wrong password, wrong codes and the bound, sign-up with terms, a bot, QR with a
 * token refresh and with 2FA, typed step errors, the funnel, and no secret in any message.
 */
class ResumableLoginTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String API_HASH = "0123456789abcdef0123456789abcdef";
    private static final String BOT_TOKEN = "777001:AAE-resumable-bot-secret";
    private static final MovableClock CLOCK = new MovableClock();

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(3)
        .clock(CLOCK)
        .user(TestUser.of("+1 555 400 0001").dc(2).name("Two", "Factor").code("41111").password("s3cret-pw", "pet"))
        .user(TestUser.of("+1 555 400 0002").dc(3).name("Wrong", "Code").code("42222"))
        .user(TestUser.of("+1 555 400 0003").dc(2).name("Bound", "Ed").code("43333"))
        .user(TestUser.of("+1 555 400 0004").dc(3).name("Qr", "Code").code("44444"))
        .user(TestUser.of("+1 555 400 0005").dc(2).name("Qr", "Password").code("45555").password("qr-pw", "qh"))
        .bot(TestBot.of(BOT_TOKEN).dc(2).name("ResumeBot")));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** Runs {@code step} on a new, connected client of {@code account} on {@code store}, then closes it. */
    private <T> T step(TestCluster cluster, SessionStore store, String account,
                       Function<ResumableLogin, Mono<T>> step) {
        return step(cluster, store, account, 5, step);
    }

    private <T> T step(TestCluster cluster, SessionStore store, String account, int max,
                       Function<ResumableLogin, Mono<T>> step) {
        MtprotoClient client = client(cluster, store, account);
        try {
            return step.apply(ResumableLogin.of(client, max).withMeterRegistry(registry)).block(WAIT);
        } finally {
            client.close().block(WAIT);
        }
    }

    private static MtprotoClient client(TestCluster cluster, SessionStore store, String account) {
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder().apiId(1).apiHash(API_HASH)
            .dcOptions(cluster.dcOptions()).sessionStore(store).accountId(account).build());
        client.connect().block(WAIT);
        return client;
    }

    private static PendingLogin pending(SessionStore store, String account) {
        SessionState s = store.load(account).block(WAIT);
        return s == null ? null : s.pendingLogin();
    }

    private double funnel(String stage, String kind) {
        var counter = registry.find("mtproto.login.funnel").tag("stage", stage).tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void twoFactorLoginInFourRequestsWithAWrongPassword(TestCluster cluster) {
        SessionStore store = new InMemorySessionStore();
        LoginStatus sent = step(cluster, store, "tf", l -> l.sendCode("+1 555 400 0001"));
        assertThat(sent.step()).isEqualTo(LoginStatus.Step.CODE);
        assertThat(sent.codeType()).isEqualTo("sms");
        assertThat(sent.codeLength()).isEqualTo(5);
        assertThat(sent.nextCodeType()).isEqualTo("sms");
        assertThat(sent.attemptsLeft()).isEqualTo(5);
        PendingLogin stored = pending(store, "tf");
        assertThat(stored.step()).isEqualTo(PendingLogin.Step.CODE);
        assertThat(stored.dcId()).isEqualTo(2);
        String hash = stored.phoneCodeHash();
        assertThat(step(cluster, store, "tf", ResumableLogin::status)).isEqualTo(sent);

        LoginStatus password = step(cluster, store, "tf", l -> l.signIn("41111"));
        assertThat(password.step()).isEqualTo(LoginStatus.Step.PASSWORD);
        assertThat(password.passwordHint()).isEqualTo("pet");
        assertThat(pending(store, "tf").passwordHint()).isEqualTo("pet");

        assertThatThrownBy(() -> step(cluster, store, "tf", l -> l.checkPassword("wrong-pw-123")))
            .isInstanceOfSatisfying(PasswordHashInvalidException.class, e -> {
                assertThat(e.attemptsLeft()).hasValue(4);
                assertThat(e.getMessage()).contains("4 attempts left").doesNotContain("wrong-pw-123");
            });
        assertThat(pending(store, "tf").failedAttempts()).isEqualTo(1);
        // a code now does not fit the step
        assertThatThrownBy(() -> step(cluster, store, "tf", l -> l.signIn("41111")))
            .isInstanceOfSatisfying(LoginStepException.class, e -> {
                assertThat(e.errorMessage()).isEqualTo("LOGIN_STEP_INVALID");
                assertThat(e.getMessage()).contains("expected step CODE").contains("at PASSWORD");
            });

        LoginStatus done = step(cluster, store, "tf", l -> l.checkPassword("s3cret-pw"));
        assertThat(done.step()).isEqualTo(LoginStatus.Step.AUTHORIZED);
        assertThat(done.firstName()).isEqualTo("Two");
        SessionState session = store.load("tf").block(WAIT);
        assertThat(session.pendingLogin()).isNull();
        assertThat(session.userId()).isEqualTo(done.userId());
        assertThat(session.homeDc()).isEqualTo(2);
        assertThat(step(cluster, store, "tf", ResumableLogin::status).step()).isEqualTo(LoginStatus.Step.AUTHORIZED);
        assertThat(session.toString()).doesNotContain(hash);
        assertThat(funnel("code_sent", "phone")).isEqualTo(1);
        assertThat(funnel("signed_in", "phone")).isEqualTo(1);
        assertThat(funnel("password", "phone")).isEqualTo(1);
        assertThat(funnel("authorized", "phone")).isEqualTo(1);
        assertThat(registry.get("mtproto.login.failures").tag("error", "PASSWORD_HASH_INVALID").counter().count())
            .isEqualTo(1);

        assertThat(step(cluster, store, "tf", ResumableLogin::logOut)).isEqualTo(LoginStatus.NONE);
        assertThat(store.load("tf").block(WAIT).userId()).isNull();
    }

    @Test
    void aWrongCodeThenTheRightOneAfterAMigration(TestCluster cluster) {
        SessionStore store = new InMemorySessionStore();
        step(cluster, store, "wc", l -> l.sendCode("+1 555 400 0002"));
        // the number lives on DC 3: the login moved there and the session's home DC with it
        assertThat(pending(store, "wc").dcId()).isEqualTo(3);
        assertThatThrownBy(() -> step(cluster, store, "wc", l -> l.signIn("00000")))
            .isInstanceOfSatisfying(PhoneCodeInvalidException.class, e -> {
                assertThat(e.attemptsLeft()).hasValue(4);
                assertThat(e.getMessage()).doesNotContain("00000");
            });
        assertThat(step(cluster, store, "wc", ResumableLogin::status).attemptsLeft()).isEqualTo(4);
        LoginStatus done = step(cluster, store, "wc", l -> l.signIn("42222"));
        assertThat(done.step()).isEqualTo(LoginStatus.Step.AUTHORIZED);
        assertThat(done.lastName()).isEqualTo("Code");
        assertThat(store.load("wc").block(WAIT).homeDc()).isEqualTo(3);
        assertThat(pending(store, "wc")).isNull();
    }

    @Test
    void theBoundOfWrongCodesDropsThePendingLogin(TestCluster cluster) {
        SessionStore store = new InMemorySessionStore();
        assertThatThrownBy(() -> step(cluster, store, "bd", l -> l.signIn("43333")))
            .isInstanceOfSatisfying(NoPendingLoginException.class,
                e -> assertThat(e.errorMessage()).isEqualTo("LOGIN_NOT_STARTED"));
        step(cluster, store, "bd", 3, l -> l.sendCode("+1 555 400 0003"));
        for (int i = 1; i <= 2; i++) {
            int left = 3 - i;
            assertThatThrownBy(() -> step(cluster, store, "bd", 3, l -> l.signIn("12345")))
                .isInstanceOfSatisfying(PhoneCodeInvalidException.class,
                    e -> assertThat(e.attemptsLeft()).hasValue(left));
            assertThat(pending(store, "bd").failedAttempts()).isEqualTo(i);
        }
        assertThatThrownBy(() -> step(cluster, store, "bd", 3, l -> l.signIn("12345")))
            .isInstanceOfSatisfying(LoginAttemptsExceededException.class, e -> {
                assertThat(e.errorMessage()).isEqualTo("LOGIN_ATTEMPTS_EXCEEDED");
                assertThat(e.getCause()).isInstanceOf(PhoneCodeInvalidException.class);
                assertThat(e.getMessage()).doesNotContain("12345");
            });
        assertThat(pending(store, "bd")).isNull();
        assertThat(step(cluster, store, "bd", ResumableLogin::status)).isEqualTo(LoginStatus.NONE);
        assertThatThrownBy(() -> step(cluster, store, "bd", l -> l.signIn("43333")))
            .isInstanceOf(NoPendingLoginException.class);
        assertThat(registry.get("mtproto.login.failures").tag("error", "LOGIN_ATTEMPTS_EXCEEDED").counter().count())
            .isEqualTo(1);
        // cancel drops a fresh one too
        step(cluster, store, "bd", l -> l.sendCode("+1 555 400 0003"));
        assertThat(step(cluster, store, "bd", ResumableLogin::cancel)).isEqualTo(LoginStatus.NONE);
        assertThat(pending(store, "bd")).isNull();
    }

    @Test
    void anUnregisteredNumberSignsUpAcceptingTheTermsShown(TestCluster cluster) {
        SessionStore store = new InMemorySessionStore();
        String phone = "999663" + (1000 + (int) (Math.random() * 8999));
        step(cluster, store, "su", l -> l.sendCode(phone));
        LoginStatus signUp = step(cluster, store, "su", l -> l.signIn("33333"));
        assertThat(signUp.step()).isEqualTo(LoginStatus.Step.SIGN_UP);
        assertThat(signUp.termsOfServiceText()).isNotBlank();
        assertThat(pending(store, "su").termsOfServiceId()).isNotNull();
        assertThatThrownBy(() -> step(cluster, store, "su", l -> l.checkPassword("x")))
            .isInstanceOf(LoginStepException.class);
        LoginStatus done = step(cluster, store, "su", l -> l.signUp("New", "Comer"));
        assertThat(done.step()).isEqualTo(LoginStatus.Step.AUTHORIZED);
        assertThat(done.firstName()).isEqualTo("New");
        assertThat(cluster.user(phone)).isPresent();
        assertThat(cluster.calls("help.acceptTermsOfService")).isPositive();
        assertThat(pending(store, "su")).isNull();
    }

    @Test
    void aBotLogsInInOneStep(TestCluster cluster) {
        SessionStore store = new InMemorySessionStore();
        LoginStatus done = step(cluster, store, "bot", l -> l.botLogin(BOT_TOKEN));
        assertThat(done.step()).isEqualTo(LoginStatus.Step.AUTHORIZED);
        assertThat(done.bot()).isTrue();
        assertThat(done.toString()).doesNotContain("resumable-bot-secret");
        assertThat(step(cluster, store, "bot", ResumableLogin::status)).isEqualTo(
            LoginStatus.authorized(777001L, true));
        assertThat(funnel("authorized", "bot")).isEqualTo(1);
    }

    /** A logged-in client of {@code phone}, to accept QR tokens. */
    private static AuthClient scanner(TestCluster cluster, String phone, String code, String password) {
        MtprotoClient client = client(cluster, new InMemorySessionStore(), "scanner");
        LoginPrompts.Builder prompts = LoginPrompts.builder().phone(phone).code(code);
        if (password != null) {
            prompts.password(password);
        }
        LoginFlows.create(client).login(prompts.build()).block(WAIT);
        return AuthClient.create(client);
    }

    @Test
    void qrLoginRefreshesItsTokenAndIsAcceptedAfterAMigration(TestCluster cluster) throws InterruptedException {
        SessionStore store = new InMemorySessionStore();
        AuthClient other = scanner(cluster, "+1 555 400 0004", "44444", null);
        MtprotoClient waiting = client(cluster, store, "qr");
        VirtualTimeScheduler timer = VirtualTimeScheduler.create();
        BlockingQueue<LoginStatus> statuses = new LinkedBlockingQueue<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Disposable flow = ResumableLogin.of(waiting).withMeterRegistry(registry).withQrClock(CLOCK, timer)
            .qrLogin().subscribe(statuses::add, errors::add);
        try {
            LoginStatus first = statuses.poll(60, TimeUnit.SECONDS);
            assertThat(first.step()).isEqualTo(LoginStatus.Step.QR);
            assertThat(first.qrUrl()).matches("tg://login\\?token=[A-Za-z0-9_-]+");
            long left = first.qrExpires().toEpochMilli() - CLOCK.millis();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (timer.getScheduledTaskCount() < 1) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(5);
            }
            CLOCK.advance(Duration.ofMillis(left - 1000));
            timer.advanceTimeBy(Duration.ofMillis(left - 1000));
            LoginStatus second = statuses.poll(60, TimeUnit.SECONDS);
            assertThat(second.step()).isEqualTo(LoginStatus.Step.QR);
            assertThat(second.qrUrl()).isNotEqualTo(first.qrUrl());
            assertThat(second.qrExpires()).isAfter(first.qrExpires());
            other.acceptLoginToken(token(second.qrUrl())).block(WAIT);
            LoginStatus done = statuses.poll(60, TimeUnit.SECONDS);
            assertThat(done.step()).isEqualTo(LoginStatus.Step.AUTHORIZED);
            assertThat(done.firstName()).isEqualTo("Qr");
            assertThat(errors).isEmpty();
            assertThat(store.load("qr").block(WAIT).homeDc()).isEqualTo(3);
            assertThat(funnel("authorized", "qr")).isEqualTo(1);
        } finally {
            flow.dispose();
            timer.dispose();
            waiting.close().block(WAIT);
            other.client().close().block(WAIT);
        }
    }

    private static byte[] token(String url) {
        return java.util.Base64.getUrlDecoder().decode(url.substring(url.indexOf('=') + 1));
    }

    @Test
    void qrLoginOfATwoFactorAccountEndsAtPasswordAndResumesElsewhere(TestCluster cluster) {
        SessionStore store = new InMemorySessionStore();
        AuthClient other = scanner(cluster, "+1 555 400 0005", "45555", "qr-pw");
        try {
            List<LoginStatus> statuses = step(cluster, store, "qp", l -> l.qrLogin()
                .concatMap(s -> s.step() == LoginStatus.Step.QR
                    ? other.acceptLoginToken(token(s.qrUrl())).thenReturn(s) : Mono.just(s))
                .collectList());
            assertThat(statuses.get(statuses.size() - 1).step()).isEqualTo(LoginStatus.Step.PASSWORD);
            assertThat(statuses.get(statuses.size() - 1).passwordHint()).isEqualTo("qh");
            PendingLogin p = pending(store, "qp");
            assertThat(p.step()).isEqualTo(PendingLogin.Step.PASSWORD);
            assertThat(p.phoneNumber()).isNull();
            LoginStatus done = step(cluster, store, "qp", l -> l.checkPassword("qr-pw"));
            assertThat(done.step()).isEqualTo(LoginStatus.Step.AUTHORIZED);
            assertThat(done.lastName()).isEqualTo("Password");
            assertThat(pending(store, "qp")).isNull();
            assertThat(funnel("password", "qr")).isEqualTo(1);
        } finally {
            other.client().close().block(WAIT);
        }
    }
}
