package io.mtflux.store.redis;

import io.mtflux.testservers.TestServers;

/** The real Redis server of this module's tests: the build's shared embedded Redis ({@link TestServers}). */
final class TestRedis {
    private TestRedis() {
    }

    /** {@code redis://127.0.0.1:<port>} of the running server (started on first call). */
    static String uri() {
        return TestServers.redisUri();
    }
}
