package io.mtflux.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.auth.LoginAttemptsExceededException;
import io.mtflux.auth.LoginStatus;
import io.mtflux.auth.PasswordHashInvalidException;
import io.mtflux.auth.PhoneCodeInvalidException;
import io.mtflux.auth.ResumableLogin;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.rpc.FloodWaitException;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.PendingLogin;
import io.mtflux.core.store.SessionStore;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AccountManager#resumableLogin} against a testkit cluster: the state and the one event each step makes
 * (LOGGING_IN on the first step, AUTHORIZED with the user, NEEDS_LOGIN when the login is dropped, FLOOD_WAIT and
 * back), the snapshot's last error, pending step and home DC, and a 2FA login whose steps go to three managers one
 * after the other on one store (a restart between steps).
 */
class AccountResumableLoginTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CODE = "24680";
    private static final String WRONG = "13579";
    private static final String ANN = "+1 555 730 0001";
    private static final String BEN = "+1 555 730 0002";
    private static final String CAT = "+1 555 730 0003";
    private static final String DAN = "+1 555 730 0004";
    private static final String EVE = "+1 555 730 0005";
    private static final String BEN_PASSWORD = "ben-resumable-pw";

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(2)
        .user(TestUser.of(ANN).dc(1).name("Ann", "Steps").code(CODE),
            TestUser.of(BEN).dc(1).name("Ben", "Restart").code(CODE).password(BEN_PASSWORD, "the hint"),
            TestUser.of(CAT).dc(2).name("Cat", "Dropped").code(CODE),
            TestUser.of(DAN).dc(2).name("Dan", "Flood").code(CODE),
            TestUser.of(EVE).dc(1).name("Eve", "Shared").code(CODE)));

    private static ClientResources resources;
    private final List<AccountManager> managers = new ArrayList<>();

    @BeforeAll
    static void resources() {
        resources = ClientResources.builder().ioThreads(2).build();
    }

    @AfterAll
    static void shutdown() {
        resources.shutdown().block(WAIT);
    }

    @AfterEach
    void close() {
        managers.forEach(m -> m.close().block(WAIT));
    }

    /** A manager on {@code store} with {@code accountId} added and its events recorded into {@code events}. */
    private AccountManager manager(TestCluster cluster, SessionStore store, String accountId,
                                   List<AccountEvent> events) {
        AccountManager m = AccountManager.create(AccountManagerOptions.builder().resources(resources)
            .sessionStore(store).clientTemplate(AccountManagerTest.template(cluster)).build());
        managers.add(m);
        m.events().filter(e -> e.accountId().equals(accountId)).subscribe(events::add);
        m.add(AccountSpec.of(accountId));
        return m;
    }

    private static List<AccountState> targets(List<AccountEvent> events) {
        return events.stream().map(AccountEvent::to).toList();
    }

    @Test
    void eachStepMovesTheStateOnceAndTheSnapshotFollows(TestCluster cluster) {
        List<AccountEvent> events = new CopyOnWriteArrayList<>();
        AccountManager m = manager(cluster, new InMemorySessionStore(), "ann", events);
        ResumableLogin login = m.resumableLogin("ann").block(WAIT);
        assertThat(m.state("ann")).isEqualTo(AccountState.NEEDS_LOGIN);
        assertThat(m.snapshot("ann").pendingStep()).isNull();
        int started = events.size();

        LoginStatus sent = login.sendCode(ANN).block(WAIT);
        assertThat(sent.step()).isEqualTo(LoginStatus.Step.CODE);
        AccountSnapshot code = m.snapshot("ann");
        assertThat(code.state()).isEqualTo(AccountState.LOGGING_IN);
        assertThat(code.pendingStep()).isEqualTo(PendingLogin.Step.CODE);
        assertThat(code.lastError()).isNull();
        assertThat(events.subList(started, events.size())).singleElement().satisfies(e -> {
            assertThat(e.from()).isEqualTo(AccountState.NEEDS_LOGIN);
            assertThat(e.to()).isEqualTo(AccountState.LOGGING_IN);
            assertThat(e.reason()).contains("login");
        });

        // a wrong code: the error's name in the snapshot, the account still logging in, no new event
        assertThatThrownBy(() -> login.signIn(WRONG).block(WAIT)).isInstanceOf(PhoneCodeInvalidException.class);
        AccountSnapshot wrong = m.snapshot("ann");
        assertThat(wrong.lastError()).isEqualTo("PHONE_CODE_INVALID");
        assertThat(wrong.state()).isEqualTo(AccountState.LOGGING_IN);
        assertThat(wrong.pendingStep()).isEqualTo(PendingLogin.Step.CODE);
        assertThat(events).hasSize(started + 1);

        LoginStatus in = login.signIn(CODE).block(WAIT);
        long annId = cluster.user(ANN).orElseThrow().id();
        assertThat(in.step()).isEqualTo(LoginStatus.Step.AUTHORIZED);
        assertThat(in.userId()).isEqualTo(annId);
        AccountSnapshot done = m.snapshot("ann");
        assertThat(done.state()).isEqualTo(AccountState.AUTHORIZED);
        assertThat(done.userId()).isEqualTo(annId);
        assertThat(done.lastError()).isNull();
        assertThat(done.pendingStep()).isNull();
        assertThat(done.homeDc()).isEqualTo(1);
        assertThat(events.subList(started, events.size())).extracting(AccountEvent::to)
            .containsExactly(AccountState.LOGGING_IN, AccountState.AUTHORIZED);
        AccountEvent authorized = events.get(events.size() - 1);
        assertThat(authorized.user()).contains(annId);
        assertThat(authorized.homeDc()).hasValue(1);
        assertThat(authorized.reason()).contains("logged in");

        // a log-out ends the login (LOGGED_OUT, one event, no user); a new login starts from there
        assertThat(login.logOut().block(WAIT).step()).isEqualTo(LoginStatus.Step.NONE);
        AccountSnapshot out = m.snapshot("ann");
        assertThat(out.state()).isEqualTo(AccountState.LOGGED_OUT);
        assertThat(out.userId()).isNull();
        assertThat(events.get(events.size() - 1).to()).isEqualTo(AccountState.LOGGED_OUT);
        assertThat(login.sendCode(ANN).block(WAIT).step()).isEqualTo(LoginStatus.Step.CODE);
        assertThat(m.state("ann")).isEqualTo(AccountState.LOGGING_IN);
        assertThat(login.signIn(CODE).block(WAIT).step()).isEqualTo(LoginStatus.Step.AUTHORIZED);
        assertThat(m.snapshot("ann").state()).isEqualTo(AccountState.AUTHORIZED);
        assertThat(m.snapshot("ann").userId()).isEqualTo(annId);
    }

    @Test
    void aTwoFactorLoginOverThreeManagersOnOneStore(TestCluster cluster) {
        SessionStore store = new InMemorySessionStore();
        List<AccountEvent> first = new CopyOnWriteArrayList<>();
        AccountManager m1 = manager(cluster, store, "ben", first);
        m1.resumableLogin("ben").flatMap(l -> l.sendCode(BEN)).block(WAIT);
        assertThat(m1.snapshot("ben").pendingStep()).isEqualTo(PendingLogin.Step.CODE);
        managers.remove(m1);
        m1.close().block(WAIT);

        // a restart: the new manager's account starts from the stored session, the pending login in it
        List<AccountEvent> second = new CopyOnWriteArrayList<>();
        AccountManager m2 = manager(cluster, store, "ben", second);
        ResumableLogin l2 = m2.resumableLogin("ben").block(WAIT);
        assertThat(m2.state("ben")).isEqualTo(AccountState.NEEDS_LOGIN);
        assertThat(m2.snapshot("ben").pendingStep()).isEqualTo(PendingLogin.Step.CODE);
        assertThat(l2.status().block(WAIT).step()).isEqualTo(LoginStatus.Step.CODE);
        LoginStatus password = l2.signIn(CODE).block(WAIT);
        assertThat(password.step()).isEqualTo(LoginStatus.Step.PASSWORD);
        assertThat(password.passwordHint()).isEqualTo("the hint");
        AccountSnapshot atPassword = m2.snapshot("ben");
        assertThat(atPassword.state()).isEqualTo(AccountState.LOGGING_IN);
        assertThat(atPassword.pendingStep()).isEqualTo(PendingLogin.Step.PASSWORD);
        assertThat(targets(second)).endsWith(AccountState.NEEDS_LOGIN, AccountState.LOGGING_IN);
        managers.remove(m2);
        m2.close().block(WAIT);

        List<AccountEvent> third = new CopyOnWriteArrayList<>();
        AccountManager m3 = manager(cluster, store, "ben", third);
        ResumableLogin l3 = m3.resumableLogin("ben").block(WAIT);
        assertThat(m3.snapshot("ben").pendingStep()).isEqualTo(PendingLogin.Step.PASSWORD);
        assertThatThrownBy(() -> l3.checkPassword("not-it").block(WAIT))
            .isInstanceOfSatisfying(PasswordHashInvalidException.class,
                e -> assertThat(e.getMessage()).doesNotContain("not-it"));
        assertThat(m3.snapshot("ben").lastError()).isEqualTo("PASSWORD_HASH_INVALID");
        assertThat(m3.snapshot("ben").state()).isEqualTo(AccountState.LOGGING_IN);

        LoginStatus in = l3.checkPassword(BEN_PASSWORD).block(WAIT);
        long benId = cluster.user(BEN).orElseThrow().id();
        assertThat(in.step()).isEqualTo(LoginStatus.Step.AUTHORIZED);
        AccountSnapshot done = m3.snapshot("ben");
        assertThat(done.state()).isEqualTo(AccountState.AUTHORIZED);
        assertThat(done.userId()).isEqualTo(benId);
        assertThat(done.pendingStep()).isNull();
        assertThat(done.lastError()).isNull();
        assertThat(done.homeDc()).isEqualTo(1);
        assertThat(third.get(third.size() - 1)).satisfies(e -> {
            assertThat(e.from()).isEqualTo(AccountState.LOGGING_IN);
            assertThat(e.to()).isEqualTo(AccountState.AUTHORIZED);
            assertThat(e.user()).contains(benId);
        });
        assertThat(targets(third)).filteredOn(s -> s == AccountState.AUTHORIZED).hasSize(1);
        assertThat(store.load("ben").block(WAIT).pendingLogin()).isNull();
    }

    @Test
    void twoRunningManagersOnOneStoreTakeTurns(TestCluster cluster) {
        SessionStore store = new InMemorySessionStore();
        List<AccountEvent> aEvents = new CopyOnWriteArrayList<>();
        List<AccountEvent> bEvents = new CopyOnWriteArrayList<>();
        AccountManager a = manager(cluster, store, "eve", aEvents);
        AccountManager b = manager(cluster, store, "eve", bEvents);
        // both run the account's client before the first step: b's session is older than the pending login a saves
        assertThat(b.resumableLogin("eve").flatMap(ResumableLogin::status).block(WAIT).step())
            .isEqualTo(LoginStatus.Step.NONE);
        assertThat(a.resumableLogin("eve").flatMap(l -> l.sendCode(EVE)).block(WAIT).step())
            .isEqualTo(LoginStatus.Step.CODE);

        LoginStatus in = b.resumableLogin("eve").flatMap(l -> l.signIn(CODE)).block(WAIT);
        assertThat(in.step()).isEqualTo(LoginStatus.Step.AUTHORIZED);
        long eveId = cluster.user(EVE).orElseThrow().id();
        assertThat(b.snapshot("eve").state()).isEqualTo(AccountState.AUTHORIZED);
        assertThat(b.snapshot("eve").userId()).isEqualTo(eveId);
        assertThat(bEvents).anySatisfy(e -> {
            assertThat(e.to()).isEqualTo(AccountState.STOPPED);
            assertThat(e.reason()).contains("stored session changed elsewhere");
        });
        assertThat(store.load("eve").block(WAIT).userId()).isEqualTo(eveId);
        assertThat(store.load("eve").block(WAIT).pendingLogin()).isNull();
    }

    @Test
    void aDroppedLoginGoesBackToNeedsLogin(TestCluster cluster) {
        List<AccountEvent> events = new CopyOnWriteArrayList<>();
        AccountManager m = manager(cluster, new InMemorySessionStore(), "cat", events);
        ResumableLogin login = m.resumableLogin("cat", 2).block(WAIT);
        assertThat(login.maxFailedAttempts()).isEqualTo(2);
        login.sendCode(CAT).block(WAIT);
        assertThatThrownBy(() -> login.signIn(WRONG).block(WAIT))
            .isInstanceOfSatisfying(PhoneCodeInvalidException.class, e -> assertThat(e.attemptsLeft()).hasValue(1));
        assertThat(m.state("cat")).isEqualTo(AccountState.LOGGING_IN);
        assertThatThrownBy(() -> login.signIn(WRONG).block(WAIT)).isInstanceOf(LoginAttemptsExceededException.class);
        AccountSnapshot dropped = m.snapshot("cat");
        assertThat(dropped.state()).isEqualTo(AccountState.NEEDS_LOGIN);
        assertThat(dropped.lastError()).isEqualTo("LOGIN_ATTEMPTS_EXCEEDED");
        assertThat(dropped.pendingStep()).isNull();
        AccountEvent back = events.get(events.size() - 1);
        assertThat(back.from()).isEqualTo(AccountState.LOGGING_IN);
        assertThat(back.to()).isEqualTo(AccountState.NEEDS_LOGIN);
        assertThat(back.reason()).contains("LOGIN_ATTEMPTS_EXCEEDED");

        // a cancelled login is dropped too: LOGGING_IN on the new code, NEEDS_LOGIN on the cancel, one event each
        int before = events.size();
        login.sendCode(CAT).block(WAIT);
        assertThat(m.snapshot("cat").pendingStep()).isEqualTo(PendingLogin.Step.CODE);
        assertThat(login.cancel().block(WAIT).step()).isEqualTo(LoginStatus.Step.NONE);
        assertThat(events.subList(before, events.size())).extracting(AccountEvent::to)
            .containsExactly(AccountState.LOGGING_IN, AccountState.NEEDS_LOGIN);
        assertThat(m.snapshot("cat").pendingStep()).isNull();
        assertThat(m.resumableLogin("cat").flatMap(ResumableLogin::status).block(WAIT).step())
            .isEqualTo(LoginStatus.Step.NONE);
        assertThatThrownBy(() -> m.resumableLogin("cat", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFloodWaitMovesToFloodWaitAndBack(TestCluster cluster) {
        List<AccountEvent> events = new CopyOnWriteArrayList<>();
        AccountManager m = manager(cluster, new InMemorySessionStore(), "dan", events);
        ResumableLogin login = m.resumableLogin("dan").block(WAIT);
        cluster.faults(2).failNext("auth.sendCode", 1, RpcException.of(420, "FLOOD_WAIT_2"));
        Instant asked = Instant.now();
        try {
            assertThatThrownBy(() -> login.sendCode(DAN).block(WAIT)).isInstanceOf(FloodWaitException.class);
        } finally {
            cluster.faults(2).reset();
        }
        AccountSnapshot flooded = m.snapshot("dan");
        assertThat(flooded.state()).isEqualTo(AccountState.FLOOD_WAIT);
        assertThat(flooded.lastError()).isEqualTo("FLOOD_WAIT");
        assertThat(flooded.floodWaitUntil()).isBetween(asked.plusSeconds(1), asked.plusSeconds(4));
        AccountEvent wait = events.get(events.size() - 1);
        assertThat(wait.from()).isEqualTo(AccountState.LOGGING_IN);
        assertThat(wait.floodWaitUntil()).contains(flooded.floodWaitUntil());
        assertThat(wait.reason()).contains("FLOOD_WAIT");

        await("the flood wait is over", () -> m.state("dan") == AccountState.NEEDS_LOGIN);
        assertThat(events.get(events.size() - 1).reason()).contains("flood wait over");
        assertThat(login.sendCode(DAN).block(WAIT).step()).isEqualTo(LoginStatus.Step.CODE);
        assertThat(m.state("dan")).isEqualTo(AccountState.LOGGING_IN);
        assertThat(login.signIn(CODE).block(WAIT).step()).isEqualTo(LoginStatus.Step.AUTHORIZED);
        assertThat(targets(events)).endsWith(AccountState.LOGGING_IN, AccountState.FLOOD_WAIT,
            AccountState.NEEDS_LOGIN, AccountState.LOGGING_IN, AccountState.AUTHORIZED);
        assertThat(m.snapshot("dan").lastError()).isNull();
        assertThat(m.snapshot("dan").homeDc()).isEqualTo(2);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
