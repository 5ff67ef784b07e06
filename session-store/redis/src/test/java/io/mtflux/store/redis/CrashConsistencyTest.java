package io.mtflux.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.store.contract.CrashLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM saves one account in a tight loop through the Redis store while Redis runs with the persistence the
 * README documents for sessions (append-only file, {@code appendfsync always}); at a random moment the Redis
 * server and the child are both killed with SIGKILL, Redis is started again from its files, and the account must
 * load as a complete state no older than the last save acknowledged to the child; 10 times (each kill costs a
 * child JVM and a Redis restart).
 */
class CrashConsistencyTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int KILLS = 10;

    @TempDir
    Path dir;

    @Test
    void redisWithAppendFsyncAlwaysKeepsEveryAcknowledgedSaveThroughTenKills() throws Exception {
        try (CrashableRedis redis = CrashableRedis.start(dir)) {
            String uri = redis.uri();
            long start = System.nanoTime();
            int progressed = CrashLoop.killRepeatedly(RedisCrashWriter.class, List.of(uri), () -> {
                redis.restart();
                RedisSessionStore store = RedisSessionStore.connect(uri).block(WAIT);
                try {
                    return store.load(CrashLoop.ACCOUNT).block(WAIT);
                } finally {
                    store.close().block(WAIT);
                }
            }, KILLS, 100, redis::kill);
            System.out.printf("Redis: %d kills in %d ms, %d with progress%n", KILLS,
                (System.nanoTime() - start) / 1_000_000, progressed);
            assertThat(progressed).isGreaterThan(KILLS / 2);
        }
    }
}
