package io.mtflux.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * The real Redis server of this module's tests: the Linux x86-64 binary that com.github.codemonstur:embedded-redis
 * bundles, started on first use on a free loopback port without persistence, stopped when the test JVM exits.
 */
final class TestRedis {
    private static RedisServer server;
    private static int port;

    private TestRedis() {
    }

    /** {@code redis://127.0.0.1:<port>} of the running server (started on first call). */
    static synchronized String uri() {
        if (server == null) {
            try {
                try (ServerSocket probe = new ServerSocket(0)) {
                    port = probe.getLocalPort();
                }
                server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded Redis did not start", e);
            }
            RedisServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.stop();
                } catch (IOException e) {
                    // the JVM is exiting
                }
            }));
        }
        return "redis://127.0.0.1:" + port;
    }
}
