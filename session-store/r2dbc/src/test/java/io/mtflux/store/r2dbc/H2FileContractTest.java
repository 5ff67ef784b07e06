package io.mtflux.store.r2dbc;

import io.mtflux.core.store.codec.AuthKeyCipher;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/** The contract kit on H2 in a file, auth keys sealed. */
class H2FileContractTest extends R2dbcContractBase {
    @TempDir
    static Path dir;

    @Override
    protected String url() {
        return TestDatabases.h2FileUrl(dir.resolve("sessions").toString());
    }

    @Override
    protected Connection jdbc() throws SQLException {
        return TestDatabases.h2FileJdbc(dir.resolve("sessions").toString());
    }

    @Override
    protected AuthKeyCipher cipher() {
        return AuthKeyCipher.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
            22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    }
}
