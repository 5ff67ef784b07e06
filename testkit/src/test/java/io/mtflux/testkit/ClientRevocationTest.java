package io.mtflux.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.event.ClientEvent;
import io.mtflux.core.event.RevocationReason;
import io.mtflux.core.event.SessionRevoked;
import io.mtflux.core.rpc.AuthKeyDuplicatedException;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.rpc.UnauthorizedException;
import io.mtflux.core.store.DcAuth;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.tl.api.Authorization;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.account.AccountGetAuthorizations;
import io.mtflux.core.tl.api.account.AccountResetAuthorization;
import io.mtflux.core.tl.api.auth.AuthResetAuthorizations;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.BaseAuthSentCode;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Revocation handled in core, against the testkit's revocations: every kind ends a logged-in {@link MtprotoClient}'s
 * session once (one {@link SessionRevoked} event, one save saying logged out, the key kept or, for a duplicated key,
 * dropped and made again), the failing calls get their typed error once and are not retried, later 401s neither emit
 * nor save, and a fresh login works afterwards. Also: a saved session restarts with options lacking credentials.
 */
class ClientRevocationTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CODE = "40400";
    private static final UsersGetUsers SELF = new UsersGetUsers(List.of(new InputUserSelf()));

    /** How a scenario's user loses its session, and what its sessions are answered then. */
    enum Kind {
        RESET_ONE(RevocationReason.AUTH_KEY_UNREGISTERED),
        RESET_ALL(RevocationReason.SESSION_REVOKED),
        EXPIRE(RevocationReason.SESSION_EXPIRED),
        DEACTIVATE(RevocationReason.USER_DEACTIVATED),
        BAN(RevocationReason.USER_DEACTIVATED_BAN),
        DUPLICATE(RevocationReason.AUTH_KEY_DUPLICATED);

        final RevocationReason reason;

        Kind(RevocationReason reason) {
            this.reason = reason;
        }

        /** The scenario's victim. */
        String phone() {
            return "+1 555 404 " + ordinal() + "001";
        }

        /** Another user for the fresh login where the victim cannot log in again. */
        String other() {
            return "+1 555 404 " + ordinal() + "002";
        }
    }

    private static TestCluster.Builder cluster() {
        TestCluster.Builder b = Testkit.cluster().dcs(2)
            .user(TestUser.of("+1 555 404 9001").dc(2).name("Re", "Start").code(CODE));
        for (Kind k : Kind.values()) {
            b.user(TestUser.of(k.phone()).dc(2).name("Victim", k.name()).code(CODE),
                TestUser.of(k.other()).dc(2).name("Other", k.name()).code(CODE));
        }
        return b;
    }

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(cluster());

    private final List<MtprotoClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(c -> c.close().block(WAIT));
    }

    /**
     * Counts the saves that reach the store, except those that only move the update position: the client saves
     * that on a 5 s timer whenever updates arrived, which a slow run can hit in the middle of a scenario.
     */
    static final class CountingStore implements SessionStore {
        final InMemorySessionStore inner = new InMemorySessionStore();
        final AtomicInteger saves = new AtomicInteger();

        @Override
        public Mono<SessionState> load(String accountId) {
            return inner.load(accountId);
        }

        @Override
        public Mono<SessionState> save(String accountId, SessionState state) {
            return inner.load(accountId).map(previous -> previous.withUpdateState(state.updateState()).equals(state))
                .defaultIfEmpty(false)
                .flatMap(positionOnly -> inner.save(accountId, state).doOnNext(s -> {
                    if (!positionOnly) {
                        saves.incrementAndGet();
                    }
                }));
        }

        @Override
        public Mono<Void> delete(String accountId) {
            return inner.delete(accountId);
        }

        SessionState stored() {
            return inner.load("default").block(WAIT);
        }
    }

    private MtprotoClient client(TestCluster cluster, SessionStore store, boolean credentials) {
        ClientOptions.Builder b = ClientOptions.builder().dcOptions(cluster.dcOptions(2)).sessionStore(store)
            .retry(RpcRetry.defaults()).maxConnectAttempts(30)
            .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofMillis(200)).equalJitter());
        if (credentials) {
            b.apiId(Logins.API_ID).apiHash(Logins.API_HASH);
        }
        MtprotoClient client = MtprotoClient.create(b.build());
        clients.add(client);
        client.connect().block(WAIT);
        return client;
    }

    /** auth.sendCode and auth.signIn as plain invokes: the client records the login itself. */
    private static long logIn(MtprotoClient client, String phone) {
        BaseAuthSentCode sent = (BaseAuthSentCode) client.invoke(Logins.sendCode(phone)).block(WAIT);
        client.invoke(new AuthSignIn(phone, sent.phoneCodeHash(), CODE, null)).block(WAIT);
        assertThat(client.session().userId()).isNotNull();
        return client.session().userId();
    }

    private static long selfId(MtprotoClient client) {
        List<User> users = client.invoke(SELF).block(WAIT);
        return ((BaseUser) users.get(0)).id();
    }

    private static Throwable failure(Mono<?> call) {
        try {
            call.block(WAIT);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected the call to fail");
    }

    private void revoke(TestCluster cluster, Kind kind, MtprotoClient victim) {
        switch (kind) {
            case RESET_ONE, RESET_ALL -> {
                MtprotoClient other = client(cluster, new InMemorySessionStore(), true);
                logIn(other, kind.phone());
                if (kind == Kind.RESET_ALL) {
                    assertThat(other.invoke(new AuthResetAuthorizations()).block(WAIT)).isTrue();
                } else {
                    List<Authorization> list = other.invoke(new AccountGetAuthorizations()).block(WAIT)
                        .authorizations();
                    Authorization victims = list.stream().filter(a -> !a.current()).findFirst().orElseThrow();
                    long own = list.stream().filter(Authorization::current).findFirst().orElseThrow().hash();
                    assertThat(failure(other.invoke(new AccountResetAuthorization(own))))
                        .isInstanceOf(RpcException.class).hasMessageContaining("HASH_INVALID");
                    assertThat(other.invoke(new AccountResetAuthorization(victims.hash())).block(WAIT)).isTrue();
                }
                // Telegram's semantics: the session that ended the others keeps working
                assertThat(selfId(other)).isEqualTo(other.session().userId());
            }
            case EXPIRE -> assertThat(cluster.expireAuthorizations(kind.phone())).isEqualTo(1);
            case DEACTIVATE -> cluster.deactivateUser(kind.phone());
            case BAN -> cluster.banUser(kind.phone());
            case DUPLICATE -> cluster.duplicateAuthKey(victim.session().dc(2).orElseThrow().authKey().id());
            default -> throw new AssertionError(kind);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRevocationLogsTheSessionOutOnceWithOneEventAndNoLoop(Kind kind, TestCluster cluster) {
        CountingStore store = new CountingStore();
        MtprotoClient victim = client(cluster, store, true);
        long user = logIn(victim, kind.phone());
        assertThat(selfId(victim)).isEqualTo(user);
        List<ClientEvent> events = new CopyOnWriteArrayList<>();
        victim.events().ofType(SessionRevoked.class).subscribe(events::add);
        long key = victim.session().dc(2).orElseThrow().authKey().id();

        revoke(cluster, kind, victim);

        int saves = store.saves.get();
        int calls = cluster.calls("users.getUsers");
        // five calls at once: each gets the typed error once, none is retried, one save, one event
        List<Throwable> errors = Flux.range(0, 5).flatMap(i -> victim.invoke(SELF).then(Mono.<Throwable>empty())
            .onErrorResume(e -> Mono.just(e))).collectList().block(WAIT);
        assertThat(errors).hasSize(5);
        if (kind == Kind.DUPLICATE) {
            // the calls that were answered before the key was dropped; the others fail with the closed connection
            assertThat(errors).filteredOn(e -> e instanceof AuthKeyDuplicatedException).isNotEmpty();
        } else {
            assertThat(errors).allSatisfy(e -> assertThat(e).isInstanceOf(UnauthorizedException.class)
                .extracting(x -> ((RpcException) x).errorMessage()).isEqualTo(kind.reason.name()));
        }
        if (kind == Kind.DUPLICATE) {
            // calls not yet sent when the key was dropped fail with its closed connection, without reaching it
            assertThat(cluster.calls("users.getUsers")).isBetween(calls + 1, calls + 5);
        } else {
            assertThat(cluster.calls("users.getUsers")).isEqualTo(calls + 5);
        }
        assertThat(events).containsExactly(new SessionRevoked("default", 2, kind.reason, user,
            kind == Kind.DUPLICATE));
        assertThat(store.saves.get()).isEqualTo(saves + 1);

        SessionState stored = store.stored();
        assertThat(stored.userId()).isNull();
        assertThat(stored.dcs().values()).noneMatch(DcAuth::authorized);
        assertThat(victim.session()).isEqualTo(stored);
        if (kind == Kind.DUPLICATE) {
            assertThat(stored.dc(2)).isEmpty();
        } else {
            assertThat(stored.dc(2).orElseThrow().authKey().id()).isEqualTo(key);
        }
        // the API credentials the login saved stay: a fresh login needs nothing else
        assertThat(stored.apiId()).isEqualTo(Logins.API_ID);

        // later calls reach the server and fail again, without an event or a save (a duplicated key's DC first
        // makes a new key: that one save)
        int savesAfter = store.saves.get();
        for (int i = 0; i < 3; i++) {
            assertThat(failure(victim.invoke(SELF))).isInstanceOf(UnauthorizedException.class);
        }
        assertThat(events).hasSize(1);
        if (kind == Kind.DUPLICATE) {
            assertThat(store.saves.get()).isEqualTo(savesAfter + 1);
            assertThat(store.stored().dc(2).orElseThrow().authKey().id()).isNotEqualTo(key);
            assertThat(failure(victim.invoke(SELF))).extracting(e -> ((RpcException) e).errorMessage())
                .isEqualTo("AUTH_KEY_UNREGISTERED");
        } else {
            assertThat(store.saves.get()).isEqualTo(savesAfter);
        }

        // a fresh login on the same client works
        String next = kind == Kind.DEACTIVATE || kind == Kind.BAN ? kind.other() : kind.phone();
        if (kind == Kind.BAN) {
            assertThat(failure(victim.invoke(Logins.sendCode(kind.phone()))))
                .hasMessageContaining("PHONE_NUMBER_BANNED");
        }
        long again = logIn(victim, next);
        assertThat(selfId(victim)).isEqualTo(again);
        assertThat(store.stored().userId()).isEqualTo(again);
        assertThat(events).hasSize(1);
    }

    @Test
    void aSavedSessionRestartsWithOptionsLackingCredentials(TestCluster cluster) {
        CountingStore store = new CountingStore();
        MtprotoClient first = client(cluster, store, true);
        long user = logIn(first, "+1 555 404 9001");
        SessionState saved = store.stored();
        assertThat(saved.apiId()).isEqualTo(Logins.API_ID);
        assertThat(saved.apiHash()).isEqualTo(Logins.API_HASH);
        assertThat(saved.toString()).doesNotContain(Logins.API_HASH);
        first.close().block(WAIT);

        MtprotoClient restarted = client(cluster, store, false);
        assertThat(restarted.options().hasApiCredentials()).isFalse();
        assertThat(restarted.apiId()).isEqualTo(Logins.API_ID);
        assertThat(restarted.apiHash()).isEqualTo(Logins.API_HASH);
        assertThat(selfId(restarted)).isEqualTo(user);
        // the connection's initConnection carried the stored api_id: the server answered an authorized call
        assertThat(restarted.session().userId()).isEqualTo(user);
    }
}
