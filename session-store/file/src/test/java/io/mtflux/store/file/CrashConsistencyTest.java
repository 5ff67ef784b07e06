package io.mtflux.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.store.LeaseHeldException;
import io.mtflux.core.store.SessionLease;
import io.mtflux.core.store.SessionState;
import io.mtflux.store.contract.CrashLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Exceptions;

/**
 * A child JVM saves one account in a tight loop and is killed with SIGKILL at a random moment, 50 times for plain
 * and 10 times for encrypted files; the child reports each acknowledged save as it happens. After every kill the
 * file loads as a complete state of some version, never older than the last one seen nor than the killed child's
 * last acknowledged save, and the child's lease died with it.
 */
class CrashConsistencyTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Process start(Path dir, boolean encrypted) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
            "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), dir.toString(),
            Boolean.toString(encrypted)))
            .redirectErrorStream(true).start();
    }

    @Test
    void killedMidSaveAPlainFileIsAlwaysACompleteOldOrNewState() throws Exception {
        killRepeatedly(dir.resolve("plain"), false, 50);
    }

    @Test
    void killedMidSaveAnEncryptedFileIsAlwaysACompleteOldOrNewState() throws Exception {
        killRepeatedly(dir.resolve("encrypted"), true, 10);
    }

    private void killRepeatedly(Path dir, boolean encrypted, int kills) throws Exception {
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom();
        long lastVersion = 0;
        int progressed = 0;
        for (int kill = 0; kill < kills; kill++) {
            FileSessionStore store = CrashWriter.store(dir, encrypted);
            Process child = start(dir, encrypted);
            CrashLoop.Acks acks = CrashLoop.Acks.follow(child);
            try {
                acks.awaitFirst(WAIT);
                Throwable held = failure(() -> store.acquire(CrashWriter.ACCOUNT, "test", WAIT).block(WAIT));
                assertThat(held).isInstanceOf(LeaseHeldException.class);
                assertThat(((LeaseHeldException) held).holder()).contains("crash-writer");
                Thread.sleep(random.nextInt(1, 120));
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            long acked = acks.lastAfterExit(WAIT);
            SessionState loaded = store.load(CrashWriter.ACCOUNT).block(WAIT);
            assertThat(loaded).isNotNull();
            assertThat(loaded).isEqualTo(CrashWriter.expected(loaded.version()));
            assertThat(loaded.version()).as("the stored version after kill %d", kill + 1)
                .isGreaterThanOrEqualTo(lastVersion)
                // never older than the last save the killed writer saw acknowledged
                .isGreaterThanOrEqualTo(acked);
            if (loaded.version() > lastVersion) {
                progressed++;
            }
            lastVersion = loaded.version();
            // the lease died with the process
            SessionLease lease = store.acquire(CrashWriter.ACCOUNT, "test", WAIT).block(WAIT);
            store.release(lease).block(WAIT);
        }
        assertThat(progressed).isGreaterThan(kills / 2);
        try (Stream<Path> files = Files.list(dir)) {
            // a kill between creating and renaming a temporary file may leave one behind, never a session file
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".tmp")))
                .containsExactlyInAnyOrder("crash.session", "crash.session.lock", "crash.session.lease");
        }
    }

    private static Throwable failure(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return Exceptions.unwrap(e);
        }
        throw new AssertionError("expected a failure");
    }
}
