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
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Crash-consistency harness: a child JVM saves one account in a tight loop and is killed with SIGKILL at a random
 * moment, again and again; after every kill the parent loads the account and checks that it is a complete state
 * of some version ({@link #stateAt}), never older than the one seen before: never a mix of two saves, never an
 * error.
 *
 * <p>Each adapter's test supplies a {@code main} class that calls {@link #child(Supplier, boolean, Runnable)} with a
 * way to open its store, and calls {@link #killRepeatedly} with a way to open and close the parent's view. The next
 * child JVMs are started and warmed up while the current one runs (each waits for a go line on its standard input
 * before it saves), so JVM start-up does not add up over the kills.
 */
public final class CrashLoop {
    /** The account every crash writer saves. */
    public static final String ACCOUNT = "crash-account";

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
     * {@link #stateAt}{@code (v + 1)} over version {@code v} forever, printing {@code ready} after the first save.
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
        boolean announced = false;
        while (true) {
            store.save(ACCOUNT, stateAt(v + 1).withVersion(v)).block(WAIT);
            v++;
            if (!announced) {
                System.out.println("ready");
                System.out.flush();
                announced = true;
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
                try {
                    OutputStream go = child.getOutputStream();
                    go.write("go\n".getBytes(StandardCharsets.UTF_8));
                    go.flush();
                    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8));
                    List<String> lines = new ArrayList<>();
                    String line;
                    while ((line = out.readLine()) != null && !line.equals("ready")) {
                        lines.add(line);
                    }
                    if (line == null) {
                        throw new AssertionError("the crash writer died before its first save: " + lines);
                    }
                    Thread.sleep(random.nextInt(maxDelayMillis + 1));
                } finally {
                    child.destroyForcibly();
                    if (!child.waitFor(60, TimeUnit.SECONDS)) {
                        throw new AssertionError("the killed crash writer did not exit");
                    }
                }
                if (kill + 1 < kills && warm.size() < AHEAD) {
                    warm.add(start(main, args, flags));
                }
                SessionState loaded;
                try {
                    loaded = reader.load();
                } catch (Exception | Error e) {
                    throw new AssertionError("load after kill " + (kill + 1) + " failed", e);
                }
                if (loaded == null || !loaded.equals(stateAt(loaded.version())) || loaded.version() < lastVersion) {
                    throw new AssertionError("after kill " + (kill + 1) + " the store holds " + loaded
                        + ", not the complete state of a version >= " + lastVersion);
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
