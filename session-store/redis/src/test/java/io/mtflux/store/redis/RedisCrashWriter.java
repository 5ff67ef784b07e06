package io.mtflux.store.redis;

import io.lettuce.core.RedisClient;
import io.mtflux.store.contract.CrashLoop;

/** The child JVM of {@link CrashConsistencyTest}: saves {@link CrashLoop#ACCOUNT} forever into the Redis URI. */
public final class RedisCrashWriter {
    private RedisCrashWriter() {
    }

    /** {@code args[0]}: the Redis URI. */
    public static void main(String[] args) throws Exception {
        String uri = args[0];
        // connects after the go line: while it warms up, the Redis of the kill before may still be down
        CrashLoop.child(() -> RedisSessionStore.connect(uri).block(), false, () -> {
            // load Lettuce's, Netty's and the store's classes without a server
            RedisClient.create().shutdown();
            RedisSessionStore.class.getName();
        });
    }
}
