package io.mtflux.store.redis;

import io.mtflux.store.contract.CrashLoop;
import java.time.Duration;
import reactor.util.retry.Retry;

/** The child JVM of {@link CrashConsistencyTest}: saves {@link CrashLoop#ACCOUNT} forever into the Redis URI. */
public final class RedisCrashWriter {
    private RedisCrashWriter() {
    }

    /** {@code args[0]}: the Redis URI. */
    public static void main(String[] args) throws Exception {
        String uri = args[0];
        // connected while it waits for its turn (the start-up stays off the kill loop's critical path): the Redis
        // of the kill before may be down for a moment, so the first connect is retried; later, Lettuce reconnects
        // on its own and holds the commands until then
        CrashLoop.child(() -> RedisSessionStore.connect(uri)
            .retryWhen(Retry.fixedDelay(600, Duration.ofMillis(50))).block(), true, () -> { });
        // the class-archive run ends here (standard input closed before any save)
        System.exit(0);
    }
}
