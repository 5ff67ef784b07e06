package io.mtflux.accounts;

import io.mtflux.core.store.SessionStore;
import io.mtflux.store.redis.RedisSessionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.UUID;
import redis.embedded.RedisServer;

/** {@link AccountLeasesContract} on one real Redis server (embedded-redis's packaged binary), a connection each. */
class RedisAccountLeasesTest extends AccountLeasesContract {
    private static RedisServer server;
    private static String uri;
    private final String prefix = "leases-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    private static synchronized String uri() throws IOException {
        if (server == null) {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").build();
            server.start();
            RedisServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.stop();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            uri = "redis://127.0.0.1:" + port;
        }
        return uri;
    }

    @Override
    protected SessionStore openStore() throws Exception {
        return RedisSessionStore.builder(uri()).keyPrefix(prefix).connect().block(WAIT);
    }

    @Override
    protected void closeStore(SessionStore store) {
        ((RedisSessionStore) store).close().block(WAIT);
    }
}
