package io.mtflux.testservers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * The real servers of the build's tests, one of each per test JVM, started on first use on loopback and stopped
 * when the JVM exits: a Redis (the Linux x86-64 binary that com.github.codemonstur:embedded-redis packages, without
 * persistence) and a PostgreSQL (zonky's embedded binaries, without fsync: tests kill clients, never the server).
 * Tests keep apart by Redis database number or key prefix, and by PostgreSQL database or table prefix.
 */
public final class TestServers {
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private static RedisServer redis;
    private static int redisPort;
    private static EmbeddedPostgres postgres;

    private TestServers() {
    }

    /** {@code redis://127.0.0.1:PORT} of the shared Redis (started on first call). */
    public static synchronized String redisUri() {
        if (redis == null) {
            try {
                redisPort = freePort();
                RedisServer server = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").build();
                server.start();
                redis = server;
            } catch (IOException e) {
                throw new UncheckedIOException("embedded Redis did not start", e);
            }
            RedisServer started = redis;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.stop();
                } catch (IOException e) {
                    // the JVM is exiting
                }
            }));
        }
        return "redis://127.0.0.1:" + redisPort;
    }

    /**
     * The packaged {@code redis-server} binary the shared Redis runs (extracted from embedded-redis's jar), for a
     * test that runs a Redis of its own: one it kills and restarts (the Redis crash test).
     *
     * @return the executable
     */
    public static Path redisServerBinary() {
        try {
            return ExecutableProvider.newJarResourceProvider().get().toPath();
        } catch (IOException e) {
            throw new UncheckedIOException("the packaged redis-server could not be extracted", e);
        }
    }

    /** {@code redis://127.0.0.1:PORT/DB}: database {@code db} (0 to 15) of the shared Redis. */
    public static String redisUri(int db) {
        if (db < 0 || db > 15) {
            throw new IllegalArgumentException("Redis database number must be 0..15: " + db);
        }
        return redisUri() + "/" + db;
    }

    /** The shared PostgreSQL server (started on first call). */
    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
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

    /** The R2DBC URL of the shared server's {@code postgres} database. */
    public static String postgresUrl() {
        return "r2dbc:postgresql://postgres@localhost:" + postgres().getPort() + "/postgres";
    }

    /** A JDBC data source on the {@code postgres} database, for a test's raw look at rows. */
    public static DataSource postgresJdbc() {
        return postgres().getPostgresDatabase();
    }

    /**
     * Creates the database {@code name} (lower case letters, digits and underscores) on the shared server and
     * returns its R2DBC URL.
     */
    public static String newPostgresDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = postgresJdbc().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return "r2dbc:postgresql://postgres@localhost:" + postgres().getPort() + "/" + name;
    }

    /** A loopback port nothing listens on (just closed). */
    public static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
