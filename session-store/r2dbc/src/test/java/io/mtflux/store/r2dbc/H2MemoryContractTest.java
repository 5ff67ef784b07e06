package io.mtflux.store.r2dbc;

import java.sql.Connection;
import java.sql.SQLException;

/** The contract kit on H2 in memory. */
class H2MemoryContractTest extends R2dbcContractBase {
    @Override
    protected String url() {
        return TestDatabases.h2MemUrl("contract");
    }

    @Override
    protected Connection jdbc() throws SQLException {
        return TestDatabases.h2MemJdbc("contract");
    }
}
