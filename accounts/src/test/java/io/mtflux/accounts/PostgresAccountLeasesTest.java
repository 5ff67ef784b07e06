package io.mtflux.accounts;

import io.mtflux.core.store.SessionStore;
import io.mtflux.store.r2dbc.R2dbcSessionStore;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** {@link AccountLeasesContract} on one real PostgreSQL server (zonky's embedded binaries), a pool each. */
class PostgresAccountLeasesTest extends AccountLeasesContract {
    private static EmbeddedPostgres postgres;
    private final String tables = "lt" + UUID.randomUUID().toString().substring(0, 8) + "_";
    private final Map<SessionStore, ConnectionPool> pools = new ConcurrentHashMap<>();

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off").setServerConfig("full_page_writes", "off").start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        return postgres;
    }

    @Override
    protected SessionStore openStore() {
        String url = "r2dbc:postgresql://postgres@localhost:" + postgres().getPort() + "/postgres";
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(url))
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
