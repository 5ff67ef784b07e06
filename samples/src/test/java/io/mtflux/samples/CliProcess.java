package io.mtflux.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A child JVM running one of the samples' CLIs on the test's class path: its stdout read line by line as the lines
 * come (each parsed as a {@link JsonLine}), its stderr kept in a file, its stdin open until {@link #closeStdin()}.
 */
final class CliProcess {
    /** JVM flags of the children: little GC and JIT work, so that several share 2 cores with the test. */
    private static final List<String> JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /**
     * One stdout line.
     *
     * @param process the name of the process that printed it
     * @param nanos when the test read it ({@link System#nanoTime()})
     * @param fields its JSON fields in order, null when it was no such line
     * @param raw the line as printed
     */
    record Line(String process, long nanos, Map<String, Object> fields, String raw) {
        String get(String key) {
            Object v = fields.get(key);
            return v == null ? null : v.toString();
        }

        long number(String key) {
            Object v = fields.get(key);
            return v == null ? 0 : (Long) v;
        }
    }

    final String name;
    final Process process;
    private final Path stderr;
    final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private CliProcess(String name, Process process, Path stderr, Consumer<Line> sink) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(() -> read(sink), "stdout of " + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** The command line running {@code main} with {@code args} in a new JVM on this JVM's class path. */
    static List<String> command(Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return command;
    }

    /**
     * Starts {@code main} with {@code args}; each stdout line goes to {@code sink} too, as it is read. The
     * environment's {@code MTFLUX_*} variables are left out.
     */
    static CliProcess start(String name, Path dir, Class<?> main, List<String> args, Consumer<Line> sink)
        throws IOException {
        Path err = Files.createTempFile(dir, name + "-", ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command(main, args)).redirectError(err.toFile());
        builder.environment().keySet().removeIf(v -> v.startsWith("MTFLUX_"));
        return new CliProcess(name, builder.start(), err, sink);
    }

    private void read(Consumer<Line> sink) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            String raw;
            while ((raw = out.readLine()) != null) {
                Map<String, Object> fields;
                try {
                    fields = JsonLine.parse(raw);
                } catch (IllegalArgumentException e) {
                    fields = null;
                }
                Line line = new Line(name, System.nanoTime(), fields, raw);
                lines.add(line);
                sink.accept(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Closes the child's stdin (the accounts CLI stops cleanly). */
    void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SIGTERM, through the process handle: {@link Process#destroy()} would also close this side's pipes, so the
     * lines printed while the child shuts down would be lost (and its stdin would end too).
     */
    void term() {
        process.toHandle().destroy();
    }

    /** SIGKILL (the pipes stay open: what the child printed before is still read), and waits until it is gone. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " survived SIGKILL for 30 s");
        }
    }

    /**
     * Waits for the exit and for the last stdout line to be read.
     *
     * @return the exit code
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout + "; stderr:\n" + stderr());
        }
        reader.join(10_000);
        return process.exitValue();
    }

    /** What the child wrote on stderr so far. */
    String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Ends the process if it still runs (test clean-up). */
    void destroy() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
