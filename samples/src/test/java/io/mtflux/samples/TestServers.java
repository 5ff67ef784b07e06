package io.mtflux.samples;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import redis.embedded.RedisServer;

/**
 * The real servers of the accounts CLI tests, started once per test JVM on loopback and stopped when it exits: one
 * Redis (embedded-redis's packaged binary; tests keep apart by database number) and one PostgreSQL (zonky's
 * embedded binaries; tests keep apart by database).
 */
final class TestServers {
    private static RedisServer redis;
    private static int redisPort;
    private static EmbeddedPostgres postgres;

    private TestServers() {
    }

    /** {@code redis://127.0.0.1:PORT/DB} of the shared Redis, started on first use. */
    static synchronized String redis(int db) throws IOException {
        if (redis == null) {
            redisPort = freePort();
            RedisServer server = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").build();
            server.start();
            redis = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        return "redis://127.0.0.1:" + redisPort + "/" + db;
    }

    /** {@code r2dbc:postgresql://postgres@localhost:PORT/DATABASE} of a new database on the shared PostgreSQL. */
    static synchronized String postgres(String database) throws IOException, SQLException {
        if (postgres == null) {
            EmbeddedPostgres started = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off").setServerConfig("full_page_writes", "off").start();
            postgres = started;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        return "r2dbc:postgresql://postgres@localhost:" + postgres.getPort() + "/" + database;
    }

    /** A port nothing listens on (just closed). */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
