package io.mtflux.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.store.codec.AuthKeyCipher;
import io.mtflux.store.contract.SessionStoreContract;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract kit on a real Redis server, keys stored as they are. */
class RedisContractTest extends SessionStoreContract {
    private static RedisClient raw;
    private static StatefulRedisConnection<String, String> rawConnection;

    @BeforeAll
    static void rawClient() {
        raw = RedisClient.create(TestRedis.uri());
        rawConnection = raw.connect();
    }

    @AfterAll
    static void closeRaw() {
        rawConnection.close();
        raw.shutdown();
    }

    /** The key prefix of the stores under test. */
    protected String prefix() {
        return "";
    }

    /** The cipher of the stores under test (null: none). */
    protected AuthKeyCipher cipher() {
        return null;
    }

    @Override
    protected SessionStore newStore() {
        return RedisSessionStore.builder(TestRedis.uri()).keyPrefix(prefix()).cipher(cipher()).connect().block();
    }

    @Override
    protected SessionStore sameBackend(SessionStore first) {
        return newStore();
    }

    @Override
    protected void closeStore(SessionStore s) {
        ((RedisSessionStore) s).close().block();
    }

    @Override
    protected void corrupt(SessionStore s, String accountId) {
        String key = ((RedisSessionStore) s).keyOf(accountId);
        if (rawConnection.sync().hset(key, "dc:1", "p:1:2:3:4:1:AAEC")) {
            throw new AssertionError("the account had no DC 1 to corrupt");
        }
    }

    @Override
    protected Object rawStoredData(SessionStore s, String accountId) {
        Map<String, String> hash = rawConnection.sync().hgetall(((RedisSessionStore) s).keyOf(accountId));
        return new TreeMap<>(hash);
    }
}
