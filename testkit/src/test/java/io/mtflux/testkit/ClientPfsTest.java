package io.mtflux.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.client.TemporaryKeyException;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.BaseAuthSentCode;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import io.mtflux.testkit.server.KeyLog;
import io.mtflux.testkit.server.KeyUse;
import io.mtflux.testkit.server.ServerAuthKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

/**
 * {@code ClientOptions.temporaryKeys} against the cluster (https://core.telegram.org/api/pfs): {@code MtprotoClient}
 * binds a temporary key on every connection, renews it before it expires, replaces it after -404 and reconnects,
 * never encrypts with the permanent key, and recovers when the DC lost the permanent key. The cluster's clock
 * expires keys on the server without sleeping; renewals follow the client's real clock.
 */
class ClientPfsTest {
    private static final MutableClock CLOCK = new MutableClock();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ANN = "+1 555 031 0001";
    private static final String BOB = "+1 555 031 0002";
    private static final String CAROL = "+1 555 031 0003";

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(2).clock(CLOCK)
        .user(TestUser.of(ANN).dc(2).name("Ann", "Temp").code("41111"),
            TestUser.of(BOB).dc(2).name("Bob", "Temp").code("42222"),
            TestUser.of(CAROL).dc(2).name("Carol", "Temp").code("43333")));

    private final List<MtprotoClient> clients = new ArrayList<>();

    @AfterEach
    void close(TestCluster cluster) {
        clients.forEach(c -> c.close().block(WAIT));
        cluster.faults(2).reset();
    }

    private MtprotoClient client(TestCluster cluster, Duration expiresIn, SimpleMeterRegistry registry,
                                 int maxConnectAttempts) {
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
            .apiId(Logins.API_ID).apiHash(Logins.API_HASH)
            .dcOptions(cluster.dcOptions(2)).sessionStore(new InMemorySessionStore()).meterRegistry(registry)
            .retry(RpcRetry.none()).maxConnectAttempts(maxConnectAttempts)
            .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofMillis(200)).equalJitter())
            .temporaryKeys(expiresIn)
            .build());
        clients.add(client);
        return client;
    }

    private static long logIn(MtprotoClient client, String phone, String code) {
        BaseAuthSentCode sent = (BaseAuthSentCode) client.invoke(Logins.sendCode(phone)).block(WAIT);
        client.invoke(new AuthSignIn(phone, sent.phoneCodeHash(), code, null)).block(WAIT);
        return client.session().userId();
    }

    private static long self(MtprotoClient client) {
        List<User> users = client.invoke(new UsersGetUsers(List.of(new InputUserSelf()))).block(WAIT);
        return ((BaseUser) users.get(0)).id();
    }

    private static long permanentKeyId(MtprotoClient client) {
        return client.session().dcs().get(2).authKey().id();
    }

    private static double count(SimpleMeterRegistry registry, String name, String outcome) {
        Counter counter = registry.find(name).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static long timerCount(SimpleMeterRegistry registry, String name) {
        return registry.find(name).timers().stream().mapToLong(t -> t.count()).sum();
    }

    private static ServerAuthKey serverKey(TestCluster cluster, long id) {
        return cluster.dc(2).authKeys().stream().filter(k -> k.id() == id).findFirst().orElseThrow();
    }

    private static long boundTemporaryKeyId(TestCluster cluster, long permId) {
        return serverKey(cluster, permId).boundTemporaryKey().map(ServerAuthKey::id).orElse(0L);
    }

    /** 50 calls, 16 in flight, each answered with the user's own id. */
    private static void batch(MtprotoClient client, long userId, AtomicInteger answers) {
        List<Long> ids = Flux.range(0, 50).flatMap(i -> client.invoke(new UsersGetUsers(
                List.of(new InputUserSelf()))).map(users -> ((BaseUser) users.get(0)).id()), 16)
            .doOnNext(id -> answers.incrementAndGet())
            .collectList().block(WAIT);
        assertThat(ids).hasSize(50).containsOnly(userId);
    }

    @Test
    void loginAndAThousandRpcsAcrossRenewalsReconnectsAndExpiries(TestCluster cluster) {
        KeyLog log = cluster.dc(2).keyLog();
        long expiriesBefore = log.expiries();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // renewed every 1.6 s of real time
        MtprotoClient client = client(cluster, Duration.ofSeconds(2), registry, 30);
        client.connect().block(WAIT);
        long permId = permanentKeyId(client);
        long userId = logIn(client, ANN, "41111");
        assertThat(serverKey(cluster, permId).authorization()).as("the login authorized the permanent key")
            .isNotNull();

        // 1,000 calls, 50 at a time (16 in flight); between batches the DC drops the connection or lets every
        // temporary key expire (-404 next): each fault must leave a new temporary key bound
        AtomicInteger answers = new AtomicInteger();
        int done = 0;
        int faults = 0;
        while (done < 1000) {
            long boundBefore = boundTemporaryKeyId(cluster, permId);
            boolean fault = done > 0 && done % 100 == 0;
            if (fault && done % 200 == 100) {
                cluster.dc(2).dropConnections();
            } else if (fault) {
                CLOCK.advance(Duration.ofSeconds(3));
            }
            batch(client, userId, answers);
            done += 50;
            if (fault) {
                faults++;
                assertThat(boundTemporaryKeyId(cluster, permId)).as("a new key after fault " + faults)
                    .isNotEqualTo(boundBefore);
            }
        }
        assertThat(faults).isEqualTo(9);
        assertThat(log.expiries() - expiriesBefore).isGreaterThanOrEqualTo(4);

        // then 4.5 s without faults: the client renews its key (2 s life, renewed at 1.6 s) at least twice
        Set<Long> renewed = new HashSet<>();
        long last = boundTemporaryKeyId(cluster, permId);
        long started = System.nanoTime();
        while (System.nanoTime() - started < Duration.ofMillis(4500).toNanos()) {
            batch(client, userId, answers);
            done += 50;
            long now = boundTemporaryKeyId(cluster, permId);
            if (now != last) {
                renewed.add(now);
                last = now;
            }
        }
        assertThat(renewed).hasSizeGreaterThanOrEqualTo(2);
        assertThat(answers.get()).as("every call answered once").isEqualTo(done);

        // the session store keeps the permanent key only, still logged in: no new login was needed
        assertThat(permanentKeyId(client)).isEqualTo(permId);
        assertThat(client.session().userId()).isEqualTo(userId);
        assertThat(serverKey(cluster, permId).boundTemporaryKey()).isPresent();

        // the permanent key never encrypted a message; every temporary key bound to it carried its binding unbound
        // and everything else bound
        assertThat(log.usesOf(permId)).isEmpty();
        Set<Long> ours = log.uses().stream().filter(u -> u.boundPermAuthKeyId() == permId)
            .map(KeyUse::authKeyId).collect(Collectors.toSet());
        Map<Long, Long> unbound = log.uses().stream()
            .filter(u -> ours.contains(u.authKeyId()) && u.boundPermAuthKeyId() == 0)
            .collect(Collectors.groupingBy(KeyUse::authKeyId, Collectors.counting()));
        assertThat(unbound.values()).as("one unbound message per key: the binding").containsOnly(1L);
        assertThat(log.uses().stream().filter(u -> ours.contains(u.authKeyId()))).allSatisfy(u -> {
            assertThat(u.temporary()).isTrue();
            assertThat(u.boundPermAuthKeyId()).isIn(0L, permId);
        });
        // a key per connection: the first, one after each fault, and the renewals
        assertThat(ours).hasSizeGreaterThanOrEqualTo(1 + faults + renewed.size());
        assertThat(unbound).hasSize(ours.size());
        assertThat(count(registry, "mtproto.temp.key.bindings", "ok")).isEqualTo(ours.size());
        assertThat(timerCount(registry, "mtproto.temp.key.exchange")).isGreaterThanOrEqualTo(ours.size());
        assertThat(registry.find("mtproto.key.exchange").timer().count()).as("one permanent key").isEqualTo(1);
    }

    @Test
    void anExpiredTemporaryKeyGets404ThenANewKeyAndBindingWithoutANewLogin(TestCluster cluster) {
        KeyLog log = cluster.dc(2).keyLog();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MtprotoClient client = client(cluster, Duration.ofMinutes(10), registry, 30);
        client.connect().block(WAIT);
        long permId = permanentKeyId(client);
        long userId = logIn(client, BOB, "42222");
        long temporaryBefore = log.temporaryKeysCreated();
        long bindingsBefore = log.bindings();
        long expiriesBefore = log.expiries();
        long tempBefore = serverKey(cluster, permId).boundTemporaryKey().orElseThrow().id();

        CLOCK.advance(Duration.ofMinutes(11));
        assertThat(self(client)).isEqualTo(userId);

        assertThat(log.expiries() - expiriesBefore).isGreaterThanOrEqualTo(1);
        assertThat(log.temporaryKeysCreated() - temporaryBefore).isEqualTo(1);
        assertThat(log.bindings() - bindingsBefore).isEqualTo(1);
        long tempAfter = serverKey(cluster, permId).boundTemporaryKey().orElseThrow().id();
        assertThat(tempAfter).isNotEqualTo(tempBefore);
        assertThat(cluster.dc(2).authKeys()).extracting(ServerAuthKey::id).doesNotContain(tempBefore);
        assertThat(permanentKeyId(client)).isEqualTo(permId);
        assertThat(log.usesOf(permId)).isEmpty();
    }

    @Test
    void aDcThatLostThePermanentKeyLeadsToANewPermanentKey(TestCluster cluster) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MtprotoClient client = client(cluster, Duration.ofMinutes(10), registry, 30);
        client.connect().block(WAIT);
        long permId = permanentKeyId(client);
        logIn(client, CAROL, "43333");
        assertThat(cluster.dc(2).forgetAuthKey(permId)).isTrue();

        // the temporary key lost its binding: AUTH_KEY_PERM_EMPTY; the new binding names an unknown permanent key:
        // ENCRYPTED_MESSAGE_INVALID; a new permanent key is created and bound, and the call is answered there
        // (the new key is not logged in)
        RpcException e = Logins.error(client.invoke(new UsersGetUsers(List.of(new InputUserSelf()))));
        assertThat(e.code()).isEqualTo(401);
        assertThat(e.errorMessage()).isNotEqualTo("AUTH_KEY_PERM_EMPTY");
        assertThat(count(registry, "mtproto.temp.key.bindings", "ENCRYPTED_MESSAGE_INVALID")).isEqualTo(1);
        long newPermId = permanentKeyId(client);
        assertThat(newPermId).isNotEqualTo(permId);
        assertThat(serverKey(cluster, newPermId).boundTemporaryKey()).isPresent();
        assertThat(client.invoke(new HelpGetNearestDc()).block(WAIT).thisDc()).isEqualTo(2);
        assertThat(cluster.dc(2).keyLog().usesOf(newPermId)).isEmpty();
    }

    @Test
    void refusedBindingsAreTypedFailWaitersAfterTheAttemptsAndAreRetriedWithTheDelay(TestCluster cluster)
        throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        cluster.faults(2).failNext("auth.bindTempAuthKey", 1000, RpcException.of(400, "TEMP_AUTH_KEY_EMPTY"));
        MtprotoClient client = client(cluster, Duration.ofMinutes(10), registry, 2);
        assertThatThrownBy(() -> client.connect().block(WAIT)).isInstanceOfSatisfying(TemporaryKeyException.class,
            t -> {
                assertThat(t.dcId()).isEqualTo(2);
                assertThat(t.reason()).isEqualTo("TEMP_AUTH_KEY_EMPTY");
                assertThat(t.permanentKeyLost()).isFalse();
            });
        double refused = count(registry, "mtproto.temp.key.bindings", "TEMP_AUTH_KEY_EMPTY");
        assertThat(refused).isGreaterThanOrEqualTo(3);
        // the connection keeps trying, with the reconnect delay (capped at 200 ms here), not in a busy loop
        Thread.sleep(1000);
        double second = count(registry, "mtproto.temp.key.bindings", "TEMP_AUTH_KEY_EMPTY") - refused;
        assertThat(second).isLessThanOrEqualTo(10);

        cluster.faults(2).reset();
        assertThat(client.invoke(new HelpGetNearestDc()).block(WAIT).thisDc()).isEqualTo(2);
        assertThat(count(registry, "mtproto.temp.key.bindings", "ok")).isGreaterThanOrEqualTo(1);
    }
}
