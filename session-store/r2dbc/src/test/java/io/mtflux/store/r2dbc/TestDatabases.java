package io.mtflux.store.r2dbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The real databases of this module's tests: one embedded PostgreSQL server (zonky's binaries, started on first
 * use on a free port and stopped when the test JVM exits) and H2 in memory or on file.
 */
final class TestDatabases {
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    /** The running PostgreSQL server (started on first call). */
    static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                // a test server: no fsync (the crash tests kill the client, never the server), so 2 shared cores
                // are not spent waiting for the disk
                postgres = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is exiting; the server's directory is temporary
                }
            }));
        }
        return postgres;
    }

    /** The R2DBC URL of the embedded server's {@code postgres} database. */
    static String postgresUrl() {
        return "r2dbc:postgresql://postgres@localhost:" + postgres().getPort() + "/postgres";
    }

    /** A JDBC data source on the same database, for the tests' raw look at the rows. */
    static DataSource postgresJdbc() {
        return postgres().getPostgresDatabase();
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
