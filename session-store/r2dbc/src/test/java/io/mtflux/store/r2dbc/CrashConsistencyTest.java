package io.mtflux.store.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.store.contract.CrashLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM saves one account in a tight loop through the R2DBC store and is killed with SIGKILL at a random
 * moment, 50 times per database; after every kill the account loads as a complete state of some version, never
 * older than before, never a mix or an error. On H2 the killed process owns the database file (embedded mode); on
 * PostgreSQL it dies mid-transaction on a live server.
 */
class CrashConsistencyTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int KILLS = 50;

    @TempDir
    Path dir;

    @Test
    void h2FileSurvivesFiftyKillsMidSave() throws Exception {
        String url = TestDatabases.h2FileUrl(dir.resolve("crash").toString());
        long start = System.nanoTime();
        int progressed = CrashLoop.killRepeatedly(R2dbcCrashWriter.class, List.of(url), () -> {
            // the killed process owned the file: open it (H2 recovers to the last commit), read, close it again
            R2dbcSessionStore store = R2dbcSessionStore.connect(url).block(WAIT);
            try {
                return store.load(CrashLoop.ACCOUNT).block(WAIT);
            } finally {
                store.close().block(WAIT);
            }
        }, KILLS, 100);
        System.out.printf("H2 file: %d kills in %d ms, %d with progress%n", KILLS,
            (System.nanoTime() - start) / 1_000_000, progressed);
        assertThat(progressed).isGreaterThan(KILLS / 2);
    }

    @Test
    void postgresSurvivesFiftyKillsMidSave() throws Exception {
        String url = TestDatabases.postgresUrl();
        R2dbcSessionStore store = R2dbcSessionStore.connect(url).block(WAIT);
        try {
            store.delete(CrashLoop.ACCOUNT).block(WAIT);
            long start = System.nanoTime();
            int progressed = CrashLoop.killRepeatedly(R2dbcCrashWriter.class, List.of(url),
                () -> store.load(CrashLoop.ACCOUNT).block(WAIT), KILLS, 100);
            System.out.printf("PostgreSQL: %d kills in %d ms, %d with progress%n", KILLS,
                (System.nanoTime() - start) / 1_000_000, progressed);
            assertThat(progressed).isGreaterThan(KILLS / 2);
        } finally {
            store.close().block(WAIT);
        }
    }
}
