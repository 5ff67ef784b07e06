package io.mtflux.store.r2dbc;

import io.mtflux.testservers.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The real databases of this module's tests: the build's shared embedded PostgreSQL ({@link TestServers}) and H2 in
 * memory or on file.
 */
final class TestDatabases {
    private TestDatabases() {
    }

    /** The R2DBC URL of the embedded server's {@code postgres} database. */
    static String postgresUrl() {
        return TestServers.postgresUrl();
    }

    /** A JDBC data source on the same database, for the tests' raw look at the rows. */
    static DataSource postgresJdbc() {
        return TestServers.postgresJdbc();
    }

    /** The R2DBC URL of a named in-memory H2 database that lives until the JVM exits. */
    static String h2MemUrl(String name) {
        return "r2dbc:h2:mem:///" + name + "?options=DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000";
    }

    /** A JDBC connection to the same in-memory database. */
    static Connection h2MemJdbc(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    }

    /** The R2DBC URL of an H2 database in a file ({@code path} without the {@code .mv.db} suffix). */
    static String h2FileUrl(String path) {
        // WRITE_DELAY=0: every commit reaches the file at once (H2's default writes commits out every 500 ms)
        return "r2dbc:h2:file:///" + path + "?options=LOCK_TIMEOUT=20000;WRITE_DELAY=0";
    }

    /** A JDBC connection to the same file database. */
    static Connection h2FileJdbc(String path) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + path);
    }
}
