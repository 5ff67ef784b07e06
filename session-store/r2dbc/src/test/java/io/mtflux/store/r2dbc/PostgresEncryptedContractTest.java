package io.mtflux.store.r2dbc;

import io.mtflux.core.store.AuthKeyCipher;
import java.sql.Connection;
import java.sql.SQLException;

/** The contract kit on PostgreSQL with auth keys sealed by AES-256-GCM. */
class PostgresEncryptedContractTest extends R2dbcContractBase {
    @Override
    protected String url() {
        return TestDatabases.postgresUrl();
    }

    @Override
    protected Connection jdbc() throws SQLException {
        return TestDatabases.postgresJdbc().getConnection();
    }

    @Override
    protected AuthKeyCipher cipher() {
        return AuthKeyCipher.of(new byte[32]);
    }
}
