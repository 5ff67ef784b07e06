package io.mtflux.store.contract;

import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Crash-consistency harness: a child JVM saves one account in a tight loop and is killed with SIGKILL at a random
 * moment, again and again; the child reports each acknowledged save to the parent as it happens ({@link #ack}, one
 * line on its standard output), and after every kill the parent loads the account and checks that it is a complete
 * state of some version ({@link #stateAt}), never older than the last save acknowledged to the killed child nor
 * than the one seen before: never a mix of two saves, never a lost acknowledged save, never an error.
 *
 * <p>Each adapter's test supplies a {@code main} class that calls {@link #child(Supplier, boolean, Runnable)} with a
 * way to open its store, and calls {@link #killRepeatedly} with a way to open and close the parent's view. The next
 * child JVMs are started and warmed up while the current one runs (each waits for a go line on its standard input
 * before it saves), so JVM start-up does not add up over the kills.
 */
public final class CrashLoop {
    /** The account every crash writer saves. */
    public static final String ACCOUNT = "crash-account";
    /** The start of the line a crash writer prints for each acknowledged save, followed by the version. */
    public static final String ACKED = "acked ";

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Child JVMs started ahead of their turn, so their start-up overlaps the running one. */
    private static final int AHEAD = 2;

    private CrashLoop() {
    }

    /**
     * The state the writer stores as {@code version}: every field, the number of DCs (1 to 12) and every key
     * change with the version, so a mix of two saves cannot look like either.
     *
     * @param version the version
     * @return the state, at that version
     */
    public static SessionState stateAt(long version) {
        return SessionStates.full(version, 1 + (int) (version % 12)).withVersion(version);
    }

    /**
     * The child's side: runs {@code warmUp} (load the store's classes, e.g. on a throw-away in-memory database),
     * opens the store now when {@code openBeforeGo} (a server database) or after the go line (a database file the
     * killed predecessor may still hold), waits for a line on standard input, then saves
     * {@link #stateAt}{@code (v + 1)} over version {@code v} forever, reporting each save once the store has
     * acknowledged it ({@link #ack}).
     *
     * @param open opens the store
     * @param openBeforeGo whether to open it before the go line
     * @param warmUp loads the store's classes
     * @throws IOException if standard input cannot be read
     */
    public static void child(Supplier<SessionStore> open, boolean openBeforeGo, Runnable warmUp) throws IOException {
        stateAt(1);
        warmUp.run();
        SessionStore store = null;
        if (openBeforeGo) {
            store = open.get();
            store.load(ACCOUNT).block(WAIT);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (in.readLine() == null) {
            return;
        }
        if (store == null) {
            store = open.get();
        }
        SessionState current = store.load(ACCOUNT).block(WAIT);
        long v = current == null ? 0 : current.version();
        while (true) {
            v = store.save(ACCOUNT, stateAt(v + 1).withVersion(v)).block(WAIT).version();
            ack(v);
        }
    }

    /**
     * A crash writer's report to the parent that the store acknowledged the save of {@code version}: a line
     * {@value #ACKED}{@code version} on standard output, flushed at once.
     *
     * @param version the version the completed save stored
     */
    public static void ack(long version) {
        System.out.println(ACKED + version);
        System.out.flush();
    }

    /**
     * Follows a crash writer's standard output on a thread of its own: the acknowledged saves it reports
     * ({@link #ack}) and its other lines (for failure messages).
     */
    public static final class Acks {
        private final CountDownLatch first = new CountDownLatch(1);
        private final Deque<String> otherLines = new ArrayDeque<>();
        private final Thread thread;
        private volatile long last = -1;

        private Acks(Process child) {
            thread = new Thread(() -> read(child), "crash-writer-output");
            thread.setDaemon(true);
            thread.start();
        }

        /**
         * Starts following the child's standard output (its only reader from now on).
         *
         * @param child the crash writer
         * @return the follower
         */
        public static Acks follow(Process child) {
            return new Acks(child);
        }

        private void read(Process child) {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(ACKED)) {
                        last = Long.parseLong(line.substring(ACKED.length()).trim());
                        first.countDown();
                    } else {
                        synchronized (otherLines) {
                            otherLines.add(line);
                            if (otherLines.size() > 40) {
                                otherLines.poll();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                synchronized (otherLines) {
                    otherLines.add("(reading the output failed: " + e + ")");
                }
            } finally {
                first.countDown();
            }
        }

        /**
         * Waits for the first acknowledged save.
         *
         * @param timeout how long to wait
         * @throws InterruptedException if interrupted
         * @throws AssertionError when the child ended or the time ran out before its first save
         */
        public void awaitFirst(Duration timeout) throws InterruptedException {
            if (!first.await(timeout.toMillis(), TimeUnit.MILLISECONDS) || last < 0) {
                throw new AssertionError("the crash writer made no save: " + otherLines());
            }
        }

        /**
         * The last version the child reported, read to the end of its output: call it after the child is dead.
         *
         * @param timeout how long to wait for the end of the output
         * @return the version of its last acknowledged save, or -1 when it reported none
         * @throws InterruptedException if interrupted
         */
        public long lastAfterExit(Duration timeout) throws InterruptedException {
            thread.join(timeout.toMillis());
            if (thread.isAlive()) {
                throw new AssertionError("the crash writer's output did not end");
            }
            return last;
        }

        /** {@return the last lines the child printed that were not acknowledgements} */
        public List<String> otherLines() {
            synchronized (otherLines) {
                return List.copyOf(otherLines);
            }
        }
    }

    /** How the parent reads the store between kills. */
    public interface Reader {
        /**
         * Loads {@link #ACCOUNT} (opening and closing whatever the store needs around it).
         *
         * @return the state, or null when the account is not stored yet
         * @throws Exception if the store fails
         */
        SessionState load() throws Exception;
    }

    /**
     * Starts {@code main} with {@code args} in child JVMs on this JVM's class path and kills each with SIGKILL
     * (after it reported its first save, plus a random 0 to {@code maxDelayMillis} ms), {@code kills} times.
     * Same as {@link #killRepeatedly(Class, List, Reader, int, int, Runnable)} with nothing else to crash.
     *
     * @param main the child's main class
     * @param args the child's arguments
     * @param reader reads the store between kills
     * @param kills how many times to kill a child
     * @param maxDelayMillis the longest random wait before a kill
     * @return how many kills found a newer version than the kill before (the writer made progress)
     * @throws Exception if a child cannot be started or a load fails
     * @throws AssertionError when a load fails or returns anything else than a complete state, or an older one
     */
    public static int killRepeatedly(Class<?> main, List<String> args, Reader reader, int kills, int maxDelayMillis)
        throws Exception {
        return killRepeatedly(main, args, reader, kills, maxDelayMillis, () -> { });
    }

    /**
     * Starts {@code main} with {@code args} in child JVMs on this JVM's class path and kills each with SIGKILL
     * (after it reported its first save, plus a random 0 to {@code maxDelayMillis} ms), {@code kills} times, each
     * time right after {@code crash} (which kills the store's server too, when the store has one that should
     * crash: the reader then restarts it). After every kill the account must load as a complete state of a
     * version no older than the last save acknowledged to the killed child and than the one read before.
     *
     * @param main the child's main class
     * @param args the child's arguments
     * @param reader reads the store between kills
     * @param kills how many times to kill a child
     * @param maxDelayMillis the longest random wait before a kill
     * @param crash run just before each kill of a child
     * @return how many kills found a newer version than the kill before (the writer made progress)
     * @throws Exception if a child cannot be started or a load fails
     * @throws AssertionError when a load fails or returns anything else than a complete state, or an older one
     */
    public static int killRepeatedly(Class<?> main, List<String> args, Reader reader, int kills, int maxDelayMillis,
                                     Runnable crash) throws Exception {
        SplittableRandom random = new SplittableRandom();
        long lastVersion = 0;
        int progressed = 0;
        Deque<Process> warm = new ArrayDeque<>();
        Path archiveDir = Files.createTempDirectory("mtflux-crash-cds");
        List<String> flags = classArchive(main, args, archiveDir.resolve("classes.jsa"));
        try {
            for (int kill = 0; kill < kills; kill++) {
                while (warm.size() < Math.min(AHEAD, kills - kill)) {
                    warm.add(start(main, args, flags));
                }
                Process child = warm.poll();
                Acks acks = Acks.follow(child);
                try {
                    OutputStream go = child.getOutputStream();
                    go.write("go\n".getBytes(StandardCharsets.UTF_8));
                    go.flush();
                    acks.awaitFirst(WAIT);
                    Thread.sleep(random.nextInt(maxDelayMillis + 1));
                } finally {
                    try {
                        crash.run();
                    } finally {
                        child.destroyForcibly();
                        if (!child.waitFor(60, TimeUnit.SECONDS)) {
                            throw new AssertionError("the killed crash writer did not exit");
                        }
                    }
                }
                long acked = acks.lastAfterExit(WAIT);
                if (kill + 1 < kills && warm.size() < AHEAD) {
                    warm.add(start(main, args, flags));
                }
                SessionState loaded;
                try {
                    loaded = reader.load();
                } catch (Exception | Error e) {
                    throw new AssertionError("load after kill " + (kill + 1) + " failed", e);
                }
                long atLeast = Math.max(lastVersion, acked);
                if (loaded == null || !loaded.equals(stateAt(loaded.version())) || loaded.version() < atLeast) {
                    throw new AssertionError("after kill " + (kill + 1) + " the store holds "
                        + (loaded == null ? "nothing" : "version " + loaded.version()
                        + (loaded.equals(stateAt(loaded.version())) ? "" : " (not its complete state)"))
                        + ", not the complete state of a version >= " + atLeast + " (the last one read: "
                        + lastVersion + ", the killed writer's last acknowledged save: " + acked + ")");
                }
                if (loaded.version() > lastVersion) {
                    progressed++;
                }
                lastVersion = loaded.version();
            }
        } finally {
            for (Process p : warm) {
                p.destroyForcibly();
            }
            Files.deleteIfExists(archiveDir.resolve("classes.jsa"));
            Files.deleteIfExists(archiveDir);
        }
        return progressed;
    }

    /**
     * Runs one child through its warm-up only (standard input closed at once, so it exits normally) with a
     * dynamic class-data archive, and hands back the flags that let every later child map those classes instead
     * of loading them: most of a child's start-up. No flags when the JVM could not write the archive.
     */
    private static List<String> classArchive(Class<?> main, List<String> args, Path archive) throws Exception {
        Process p = start(main, args, List.of("-XX:ArchiveClassesAtExit=" + archive));
        p.getOutputStream().close();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return List.of();
        }
        return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
    }

    private static Process start(Class<?> main, List<String> args, List<String> flags) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
        command.addAll(flags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
