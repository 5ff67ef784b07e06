package io.mtflux.accounts;

import io.mtflux.core.store.SessionStore;
import io.mtflux.store.r2dbc.R2dbcSessionStore;
import io.mtflux.testservers.TestServers;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** {@link AccountLeasesContract} on one real PostgreSQL server (the build's shared {@link TestServers}), a pool
 * each. */
class PostgresAccountLeasesTest extends AccountLeasesContract {
    private final String tables = "lt" + UUID.randomUUID().toString().substring(0, 8) + "_";
    private final Map<SessionStore, ConnectionPool> pools = new ConcurrentHashMap<>();

    @Override
    protected SessionStore openStore() {
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(
            ConnectionFactories.get(TestServers.postgresUrl()))
            .initialSize(0).maxSize(4).build());
        R2dbcSessionStore store = R2dbcSessionStore.builder(pool).tablePrefix(tables).start().block(WAIT);
        pools.put(store, pool);
        return store;
    }

    @Override
    protected void closeStore(SessionStore store) {
        ConnectionPool pool = pools.remove(store);
        if (pool != null) {
            pool.disposeLater().block(WAIT);
        }
    }
}
