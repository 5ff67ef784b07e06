package io.mtflux.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.auth.PhoneNumberBannedException;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.rpc.AuthKeyDuplicatedException;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.rpc.UnauthorizedException;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.tl.api.Authorization;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.CodeSettings;
import io.mtflux.core.tl.api.InputPeerSelf;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.account.AccountGetAuthorizations;
import io.mtflux.core.tl.api.account.AccountResetAuthorization;
import io.mtflux.core.tl.api.auth.AuthResetAuthorizations;
import io.mtflux.core.tl.api.auth.AuthSendCode;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.BaseAuthSentCode;
import io.mtflux.core.tl.api.messages.MessagesSendMessage;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every transition of the account state machine against a testkit cluster (BlockHound on): a first login, a saved
 * session, each revocation kind, a ban at login, a reconnect, stop, typed errors of invoke, tagged updates and the
 * metrics.
 */
class AccountManagerTest {
    static final int API_ID = 12345;
    static final String API_HASH = "0123456789abcdef0123456789abcdef";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CODE = "24680";
    private static final UsersGetUsers SELF = new UsersGetUsers(List.of(new InputUserSelf()));

    /** How a scenario's user loses its session, and the state that leads to. */
    enum Kind {
        RESET_ONE(AccountState.LOGGED_OUT, UnauthorizedException.class),
        RESET_ALL(AccountState.REVOKED, UnauthorizedException.class),
        EXPIRE(AccountState.LOGGED_OUT, UnauthorizedException.class),
        DEACTIVATE(AccountState.DEACTIVATED, UnauthorizedException.class),
        BAN(AccountState.BANNED, UnauthorizedException.class),
        DUPLICATE(AccountState.KEY_DUPLICATED, AuthKeyDuplicatedException.class);

        final AccountState state;
        final Class<? extends Throwable> error;

        Kind(AccountState state, Class<? extends Throwable> error) {
            this.state = state;
            this.error = error;
        }

        String phone() {
            return "+1 555 700 " + ordinal() + "001";
        }
    }

    private static final String ANN = "+1 555 700 9001";
    private static final String BEN = "+1 555 700 9002";
    private static final String BANNED = "+1 555 700 9003";
    private static final String SAVED = "+1 555 700 9004";

    private static TestCluster.Builder cluster() {
        TestCluster.Builder b = Testkit.cluster().dcs(2)
            .user(TestUser.of(ANN).dc(2).name("Ann", "A").code(CODE),
                TestUser.of(BEN).dc(1).name("Ben", "B").code(CODE).password("pw", "hint"),
                TestUser.of(BANNED).dc(2).name("Bad", "B").code(CODE),
                TestUser.of(SAVED).dc(2).name("Sav", "Ed").code(CODE));
        for (Kind k : Kind.values()) {
            b.user(TestUser.of(k.phone()).dc(2).name("Victim", k.name()).code(CODE));
        }
        return b;
    }

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(cluster());

    private static ClientResources resources;
    private final List<AccountManager> managers = new ArrayList<>();
    private final List<MtprotoClient> clients = new ArrayList<>();

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
        clients.forEach(c -> c.close().block(WAIT));
    }

    static ClientOptions template(TestCluster cluster) {
        return ClientOptions.builder().apiId(API_ID).apiHash(API_HASH).dcOptions(cluster.dcOptions(2))
            .retry(RpcRetry.defaults().withFloodWaitThreshold(Duration.ZERO)).maxConnectAttempts(30)
            .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofMillis(200)).equalJitter()).build();
    }

    private AccountManager manager(TestCluster cluster, SessionStore store, SimpleMeterRegistry registry) {
        AccountManagerOptions.Builder b = AccountManagerOptions.builder().resources(resources).sessionStore(store)
            .clientTemplate(template(cluster));
        if (registry != null) {
            b.meterRegistry(registry);
        }
        AccountManager m = AccountManager.create(b.build());
        managers.add(m);
        return m;
    }

    static LoginPrompts prompts(String phone) {
        return LoginPrompts.builder().phone(phone).code(CODE).build();
    }

    private static List<String> moves(List<AccountEvent> events, String id) {
        return events.stream().filter(e -> e.accountId().equals(id)).map(e -> e.from() + ">" + e.to()).toList();
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aFirstLoginGoesThroughEveryStepAndIsMeasured(TestCluster cluster) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AccountManager m = manager(cluster, new InMemorySessionStore(), registry);
        List<AccountEvent> events = new CopyOnWriteArrayList<>();
        m.events().subscribe(events::add);
        m.add(AccountSpec.of("ann"));
        m.add(AccountSpec.of("ben"));
        assertThat(m.state("ann")).isEqualTo(AccountState.NEW);
        assertThat(registry.get("mtproto.accounts").tag("state", "NEW").gauge().value()).isEqualTo(2.0);

        assertThat(m.start("ann").block(WAIT)).isEqualTo(AccountState.NEEDS_LOGIN);
        LoginResult ann = m.login("ann", prompts(ANN)).block(WAIT);
        assertThat(ann.isAuthorized()).as("%s", ann).isTrue();
        // a 2FA user on another DC (PHONE_MIGRATE), started by the login itself
        LoginResult ben = m.login("ben", LoginPrompts.builder().phone(BEN).code(CODE).password("pw").build())
            .block(WAIT);
        assertThat(ben.isAuthorized()).as("%s", ben).isTrue();

        assertThat(moves(events, "ann")).containsExactly("NEW>CONNECTING", "CONNECTING>NEEDS_LOGIN",
            "NEEDS_LOGIN>LOGGING_IN", "LOGGING_IN>AUTHORIZED");
        assertThat(moves(events, "ben")).containsExactly("NEW>CONNECTING", "CONNECTING>NEEDS_LOGIN",
            "NEEDS_LOGIN>LOGGING_IN", "LOGGING_IN>AUTHORIZED");
        assertThat(events).allSatisfy(e -> assertThat(e.floodWaitUntil()).isEmpty());
        long annId = ((BaseUser) ann.user()).id();
        assertThat(m.snapshot("ann").userId()).isEqualTo(annId);
        // the events carry the user once known and the home DC once a session is loaded (ben migrated to DC 1)
        AccountEvent annIn = events.stream().filter(e -> e.accountId().equals("ann")
            && e.to() == AccountState.AUTHORIZED).findFirst().orElseThrow();
        assertThat(annIn.user()).contains(annId);
        assertThat(annIn.homeDc()).hasValue(2);
        assertThat(events).filteredOn(e -> e.to() == AccountState.NEEDS_LOGIN).allSatisfy(e -> {
            assertThat(e.user()).isEmpty();
            assertThat(e.dc()).isPositive();
        });
        assertThat(events).filteredOn(e -> e.accountId().equals("ben") && e.to() == AccountState.AUTHORIZED)
            .singleElement().satisfies(e -> {
                assertThat(e.user()).contains(((BaseUser) ben.user()).id());
                assertThat(e.homeDc()).hasValue(1);
            });
        assertThat(((BaseUser) m.invoke("ann", SELF).block(WAIT).get(0)).id()).isEqualTo(annId);
        assertThat(m.invoke("ben", SELF).block(WAIT)).hasSize(1);

        assertThat(registry.get("mtproto.accounts").tag("state", "AUTHORIZED").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("mtproto.accounts").tag("state", "NEW").gauge().value()).isZero();
        assertThat(registry.get("mtproto.accounts.transitions").tag("from", "LOGGING_IN").tag("to", "AUTHORIZED")
            .counter().count()).isEqualTo(2.0);
        assertThat(registry.get("mtproto.accounts.logins").tag("outcome", "ok").counter().count()).isEqualTo(2.0);
        assertThat(registry.find("mtproto.accounts.transitions").tagKeys("account").counters()).isEmpty();

        // an authorized account answers its user again without a new login
        assertThat(m.login("ann", prompts(ANN)).block(WAIT).isAuthorized()).isTrue();
        assertThat(moves(events, "ann")).hasSize(4);

        m.stop("ann").block(WAIT);
        assertThat(m.state("ann")).isEqualTo(AccountState.STOPPED);
        assertThat(moves(events, "ann")).endsWith("AUTHORIZED>STOPPED");
        assertThat(events.get(events.size() - 1).homeDc()).hasValue(2);
        assertThatThrownBy(() -> m.invoke("ann", SELF).block(WAIT))
            .isInstanceOf(AccountNotAuthorizedException.class).hasMessageContaining("STOPPED");
    }

    @Test
    void aSavedSessionStartsAuthorizedAfterOneCheck(TestCluster cluster) {
        InMemorySessionStore store = new InMemorySessionStore();
        AccountManager first = manager(cluster, store, null);
        first.add(AccountSpec.of("saved"));
        assertThat(first.login("saved", prompts(SAVED)).block(WAIT).isAuthorized()).isTrue();
        first.close().block(WAIT);

        AccountManager second = AccountManager.create(AccountManagerOptions.builder().resources(resources)
            .sessionStore(store).clientTemplate(template(cluster)).perAccountMetrics(true)
            .meterRegistry(new SimpleMeterRegistry()).build());
        managers.add(second);
        List<AccountEvent> events = new CopyOnWriteArrayList<>();
        second.events().subscribe(events::add);
        second.add(AccountSpec.of("saved"));
        second.add(AccountSpec.of("fresh"));
        assertThat(second.startAll().collectList().block(WAIT)).extracting(AccountSnapshot::state)
            .containsExactlyInAnyOrder(AccountState.NEEDS_LOGIN, AccountState.AUTHORIZED);
        assertThat(second.snapshot()).extracting(AccountSnapshot::accountId).containsExactly("fresh", "saved");
        assertThat(moves(events, "saved")).containsExactly("NEW>CONNECTING", "CONNECTING>AUTHORIZED");
        assertThat(events.get(events.size() - 1).reason()).isNotBlank();
        assertThat(second.invoke("saved", SELF).block(WAIT)).hasSize(1);
        // per-account tags when asked for
        SimpleMeterRegistry r = (SimpleMeterRegistry) second.options().meterRegistry().orElseThrow();
        assertThat(r.get("mtproto.accounts.transitions").tag("account", "saved").tag("to", "AUTHORIZED").counter()
            .count()).isEqualTo(1.0);
    }

    private long logIn(MtprotoClient client, String phone) {
        BaseAuthSentCode sent = (BaseAuthSentCode) client.invoke(new AuthSendCode(phone, API_ID, API_HASH,
            CodeSettings.builder().build())).block(WAIT);
        client.invoke(new AuthSignIn(phone, sent.phoneCodeHash(), CODE, null)).block(WAIT);
        return client.session().userId();
    }

    private void revoke(TestCluster cluster, Kind kind, AccountManager m, SessionStore store, String id) {
        switch (kind) {
            case RESET_ONE, RESET_ALL -> {
                MtprotoClient other = MtprotoClient.create(template(cluster));
                clients.add(other);
                other.connect().block(WAIT);
                logIn(other, kind.phone());
                if (kind == Kind.RESET_ALL) {
                    assertThat(other.invoke(new AuthResetAuthorizations()).block(WAIT)).isTrue();
                } else {
                    Authorization victim = other.invoke(new AccountGetAuthorizations()).block(WAIT)
                        .authorizations().stream().filter(a -> !a.current()).findFirst().orElseThrow();
                    assertThat(other.invoke(new AccountResetAuthorization(victim.hash())).block(WAIT)).isTrue();
                }
            }
            case EXPIRE -> assertThat(cluster.expireAuthorizations(kind.phone())).isEqualTo(1);
            case DEACTIVATE -> cluster.deactivateUser(kind.phone());
            case BAN -> cluster.banUser(kind.phone());
            case DUPLICATE -> cluster.duplicateAuthKey(store.load(id).block(WAIT).dc(2).orElseThrow().authKey().id());
            default -> throw new AssertionError(kind);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRevocationMovesTheAccountToItsState(Kind kind, TestCluster cluster) {
        InMemorySessionStore store = new InMemorySessionStore();
        AccountManager m = manager(cluster, store, null);
        List<AccountEvent> events = new CopyOnWriteArrayList<>();
        m.events().subscribe(events::add);
        String id = "victim-" + kind.name();
        m.add(AccountSpec.of(id));
        assertThat(m.login(id, prompts(kind.phone())).block(WAIT).isAuthorized()).isTrue();

        revoke(cluster, kind, m, store, id);
        assertThatThrownBy(() -> m.invoke(id, SELF).block(WAIT)).isInstanceOf(kind.error);

        assertThat(m.state(id)).isEqualTo(kind.state);
        assertThat(moves(events, id)).endsWith("AUTHORIZED>" + kind.state);
        AccountEvent last = events.get(events.size() - 1);
        assertThat(last.reason()).isEqualTo(kind == Kind.RESET_ONE ? "AUTH_KEY_UNREGISTERED"
            : kind == Kind.RESET_ALL ? "SESSION_REVOKED" : kind == Kind.EXPIRE ? "SESSION_EXPIRED"
            : kind == Kind.DEACTIVATE ? "USER_DEACTIVATED" : kind == Kind.BAN ? "USER_DEACTIVATED_BAN"
            : "AUTH_KEY_DUPLICATED");
        assertThat(m.snapshot(id).user()).isEmpty();
        assertThat(last.user()).as("the revoked login's event carries no user").isEmpty();
        assertThatThrownBy(() -> m.invoke(id, SELF).block(WAIT)).isInstanceOf(AccountNotAuthorizedException.class);

        if (kind == Kind.BAN) {
            LoginResult again = m.login(id, prompts(kind.phone())).block(WAIT);
            assertThat(again.error()).isInstanceOf(AccountStateException.class);
        } else if (kind != Kind.DEACTIVATE) {
            // the login ended by the server is made again on the same account
            LoginResult again = m.login(id, prompts(kind.phone())).block(WAIT);
            assertThat(again.isAuthorized()).as("%s", again).isTrue();
            assertThat(moves(events, id)).endsWith(kind.state + ">LOGGING_IN", "LOGGING_IN>AUTHORIZED");
            assertThat(m.invoke(id, SELF).block(WAIT)).hasSize(1);
        }
    }

    @Test
    void aBannedPhoneAtLoginIsBanned(TestCluster cluster) {
        cluster.banUser(BANNED);
        AccountManager m = manager(cluster, new InMemorySessionStore(), null);
        m.add(AccountSpec.of("bad"));
        LoginResult result = m.login("bad", prompts(BANNED)).block(WAIT);
        assertThat(result.isAuthorized()).isFalse();
        assertThat(result.error()).isInstanceOf(PhoneNumberBannedException.class);
        assertThat(m.state("bad")).isEqualTo(AccountState.BANNED);
    }

    @Test
    void aDroppedHomeConnectionIsReconnectingThenBack(TestCluster cluster) {
        AccountManager m = manager(cluster, new InMemorySessionStore(), null);
        List<AccountEvent> events = new CopyOnWriteArrayList<>();
        m.events().subscribe(events::add);
        m.add(AccountSpec.of("ann2"));
        assertThat(m.login("ann2", prompts(ANN)).block(WAIT).isAuthorized()).isTrue();
        cluster.dc(2).dropConnections();
        await(() -> moves(events, "ann2").contains("RECONNECTING>AUTHORIZED"));
        assertThat(moves(events, "ann2")).endsWith("AUTHORIZED>RECONNECTING", "RECONNECTING>AUTHORIZED");
        assertThat(m.invoke("ann2", SELF).block(WAIT)).hasSize(1);
    }

    @Test
    void invokeOnUnknownOrUnauthorizedAccountsIsATypedError(TestCluster cluster) {
        AccountManager m = manager(cluster, new InMemorySessionStore(), null);
        assertThatThrownBy(() -> m.invoke("nobody", SELF).block(WAIT)).isInstanceOf(UnknownAccountException.class)
            .hasMessage("no account nobody");
        assertThatThrownBy(() -> m.state("nobody")).isInstanceOf(UnknownAccountException.class);
        m.add(AccountSpec.of("new"));
        assertThatThrownBy(() -> m.add(AccountSpec.of("new"))).isInstanceOf(AccountExistsException.class);
        assertThatThrownBy(() -> m.invoke("new", SELF).block(WAIT))
            .isInstanceOf(AccountNotAuthorizedException.class)
            .satisfies(e -> assertThat(((AccountStateException) e).state()).isEqualTo(AccountState.NEW));
        assertThat(m.start("new").block(WAIT)).isEqualTo(AccountState.NEEDS_LOGIN);
        assertThatThrownBy(() -> m.invoke("new", SELF).block(WAIT))
            .isInstanceOf(AccountNotAuthorizedException.class).hasMessageContaining("NEEDS_LOGIN");
        assertThat(m.login(Flux.just("nobody"), id -> prompts(ANN), 4).blockFirst(WAIT).error())
            .isInstanceOf(UnknownAccountException.class);
        m.remove("new").block(WAIT);
        assertThatThrownBy(() -> m.state("new")).isInstanceOf(UnknownAccountException.class);
    }

    @Test
    void updatesAreTaggedWithTheirAccount(TestCluster cluster) {
        AccountManager m = manager(cluster, new InMemorySessionStore(), null);
        List<AccountUpdate> seen = new CopyOnWriteArrayList<>();
        m.updates().subscribe(seen::add);
        m.add(AccountSpec.of("u-ann"));
        m.add(AccountSpec.of("u-saved"));
        assertThat(m.login(Flux.just("u-ann", "u-saved"), id -> prompts(id.equals("u-ann") ? ANN : SAVED), 2)
            .map(LoginResult::isAuthorized).collectList().block(WAIT)).containsExactly(true, true);
        Flux.just("u-ann", "u-saved").concatMap(id -> m.invoke(id, MessagesSendMessage.builder()
            .peer(new InputPeerSelf()).message("from " + id).randomId(id.hashCode()).build())).then().block(WAIT);
        await(() -> seen.stream().map(AccountUpdate::accountId).distinct().count() == 2);
        assertThat(seen).extracting(AccountUpdate::accountId).containsOnly("u-ann", "u-saved");
        Mono.when(m.stop("u-ann"), m.stop("u-saved")).block(WAIT);
    }
}
