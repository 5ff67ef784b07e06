package io.mtflux.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mtflux.core.store.CorruptSessionException;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.codec.AuthKeyCipher;
import io.mtflux.store.contract.SessionStates;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** What the contract kit does not cover: the key layout, the TTL, sealed keys at rest. */
class RedisSessionStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static RedisClient raw;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void rawClient() {
        raw = RedisClient.create(TestRedis.uri());
        redis = raw.connect();
    }

    @AfterAll
    static void closeRaw() {
        redis.close();
        raw.shutdown();
    }

    private static AuthKeyCipher cipher(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return AuthKeyCipher.of(key);
    }

    private static String id() {
        return "unit-" + UUID.randomUUID();
    }

    @Test
    void aHashPerAccountUnderThePrefixWithoutTtlByDefault() {
        String id = id();
        RedisSessionStore store = RedisSessionStore.builder(TestRedis.uri()).keyPrefix("p1:").connect().block(WAIT);
        SessionState state = store.save(id, SessionStates.full(3, 2)).block(WAIT);
        String key = "p1:mtflux:session:{" + id + "}";
        assertThat(store.keyOf(id)).isEqualTo(key);
        Map<String, String> hash = redis.sync().hgetall(key);
        assertThat(hash).containsKeys("v", "home", "user", "bot", "options", "updates", "dc:1", "dc:2")
            .containsEntry("v", "1").containsEntry("home", "2");
        assertThat(redis.sync().pttl(key)).isEqualTo(-1L);
        store.delete(id).block(WAIT);
        assertThat(redis.sync().exists(key)).isZero();
        assertThat(store.load(id).block(WAIT)).isNull();
        assertThat(state.version()).isEqualTo(1);
        store.close().block(WAIT);
    }

    @Test
    void aTtlExpiresTheHashAfterTheLastSave() {
        String id = id();
        RedisSessionStore store = RedisSessionStore.builder(TestRedis.uri()).ttl(Duration.ofHours(1)).connect()
            .block(WAIT);
        store.save(id, SessionStates.full(4, 1)).block(WAIT);
        long pttl = redis.sync().pttl(store.keyOf(id));
        assertThat(pttl).isBetween(1L, Duration.ofHours(1).toMillis());
        store.close().block(WAIT);
    }

    @Test
    void sealedKeysAreNotStoredInClearAndNeedTheirKey() {
        String id = id();
        RedisSessionStore sealed = RedisSessionStore.builder(TestRedis.uri()).cipher(cipher(1)).connect().block(WAIT);
        SessionState state = sealed.save(id, SessionStates.full(5, 2)).block(WAIT);
        String field = redis.sync().hget(sealed.keyOf(id), "dc:1");
        assertThat(field).startsWith("e:");
        String clear = Base64.getEncoder().encodeToString(state.dc(1).orElseThrow().authKey().bytes());
        assertThat(field).doesNotContain(clear.substring(0, 16));
        assertThat(sealed.load(id).block(WAIT)).isEqualTo(state);

        RedisSessionStore noKey = RedisSessionStore.connect(TestRedis.uri()).block(WAIT);
        assertThatThrownBy(() -> noKey.load(id).block(WAIT)).isInstanceOf(CorruptSessionException.class)
            .hasMessageContaining("encrypted and this store has no encryption key");
        RedisSessionStore wrongKey = RedisSessionStore.builder(TestRedis.uri()).cipher(cipher(2)).connect()
            .block(WAIT);
        assertThatThrownBy(() -> wrongKey.load(id).block(WAIT)).isInstanceOf(CorruptSessionException.class)
            .hasMessageContaining("does not authenticate");
        assertThat(redis.sync().hget(sealed.keyOf(id), "dc:1")).isEqualTo(field);
        assertThat(sealed.toString()).isEqualTo("RedisSessionStore{keyPrefix='', encrypted=true, ttl=none}");
        sealed.close().block(WAIT);
        noKey.close().block(WAIT);
        wrongKey.close().block(WAIT);
    }

    @Test
    void aGarbageVersionFieldIsATypedErrorOnLoadAndSave() {
        String id = id();
        RedisSessionStore store = RedisSessionStore.connect(TestRedis.uri()).block(WAIT);
        SessionState state = store.save(id, SessionStates.full(6, 1)).block(WAIT);
        redis.sync().hset(store.keyOf(id), "v", "x1");
        assertThatThrownBy(() -> store.load(id).block(WAIT)).isInstanceOf(CorruptSessionException.class);
        assertThatThrownBy(() -> store.save(id, state).block(WAIT)).isInstanceOf(CorruptSessionException.class);
        assertThat(redis.sync().hget(store.keyOf(id), "v")).isEqualTo("x1");
        store.close().block(WAIT);
    }

    @Test
    void theOwnClientIsShutDownOffTheThreadTheConnectionClosedOn() {
        List<String> steps = new CopyOnWriteArrayList<>();
        // The connection's close completes on a non-blocking thread (Lettuce's event loop in a real store).
        Mono<Void> closeConnection = Mono.<Void>empty().delaySubscription(Duration.ofMillis(5))
            .doOnSuccess(v -> steps.add("closed, non-blocking thread: " + Schedulers.isInNonBlockingThread()));
        closeConnection.then(RedisSessionStore.shutDown(() -> {
            steps.add("shut down, non-blocking thread: " + Schedulers.isInNonBlockingThread());
            return CompletableFuture.completedFuture(null);
        })).block(WAIT);
        assertThat(steps).containsExactly("closed, non-blocking thread: true", "shut down, non-blocking thread: false");
    }

    @Test
    void aServerThatIsNotThereIsAConnectionErrorWithoutThePassword() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String uri = "redis://:s3cret-pw@127.0.0.1:" + port + "?timeout=5s";
        assertThatThrownBy(() -> RedisSessionStore.connect(uri).block(WAIT))
            .isInstanceOf(RedisConnectionException.class)
            .satisfies(e -> {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    assertThat(t.toString()).doesNotContain("s3cret-pw");
                }
            });
    }
}
