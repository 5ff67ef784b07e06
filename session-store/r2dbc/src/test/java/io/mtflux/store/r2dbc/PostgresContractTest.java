package io.mtflux.store.r2dbc;

import java.sql.Connection;
import java.sql.SQLException;

/** The contract kit on a real PostgreSQL server (embedded binaries), keys stored as they are. */
class PostgresContractTest extends R2dbcContractBase {
    @Override
    protected String url() {
        return TestDatabases.postgresUrl();
    }

    @Override
    protected Connection jdbc() throws SQLException {
        return TestDatabases.postgresJdbc().getConnection();
    }
}
