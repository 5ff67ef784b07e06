package io.mtflux.accounts;

import io.mtflux.core.store.SessionStore;
import io.mtflux.store.redis.RedisSessionStore;
import io.mtflux.testservers.TestServers;
import java.util.UUID;

/** {@link AccountLeasesContract} on one real Redis server (the build's shared {@link TestServers}), a connection
 * each. */
class RedisAccountLeasesTest extends AccountLeasesContract {
    private final String prefix = "leases-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    @Override
    protected SessionStore openStore() throws Exception {
        return RedisSessionStore.builder(TestServers.redisUri()).keyPrefix(prefix).connect().block(WAIT);
    }

    @Override
    protected void closeStore(SessionStore store) {
        ((RedisSessionStore) store).close().block(WAIT);
    }
}
