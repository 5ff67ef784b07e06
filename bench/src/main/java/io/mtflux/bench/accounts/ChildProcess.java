package io.mtflux.bench.accounts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A child process of the harness (the testkit jar, an accounts CLI instance): its stdout read on a thread of its own,
 * each line stamped with {@link System#nanoTime()} as it is read and handed to a sink; its stderr in a file; its
 * stdin a pipe kept open until {@link #closeStdin()} (both CLIs stop at the end of their stdin).
 */
final class ChildProcess implements AutoCloseable {
    /**
     * One stdout line.
     *
     * @param process the name of the process that printed it
     * @param nanos when the harness read it ({@link System#nanoTime()})
     * @param text the line as printed
     */
    record Line(String process, long nanos, String text) {
    }

    private final String name;
    private final Process process;
    private final Path stderr;
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ChildProcess(String name, Process process, Path stderr, Consumer<Line> sink) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(() -> read(sink), "stdout of " + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code command}; its stderr goes to {@code NAME.stderr} in {@code dir}, every stdout line to
     * {@code sink} (on the reader thread, in order). The environment's {@code MTFLUX_*} variables are left out, so
     * no session key or passphrase of the caller's shell changes what the child reads from the store.
     */
    static ChildProcess start(String name, Path dir, List<String> command, Consumer<Line> sink) throws IOException {
        Path err = dir.resolve(name + ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
        builder.environment().keySet().removeIf(v -> v.startsWith("MTFLUX_"));
        return new ChildProcess(name, builder.start(), err, sink);
    }

    private void read(Consumer<Line> sink) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.US_ASCII))) {
            String text;
            while ((text = out.readLine()) != null) {
                Line line = new Line(name, System.nanoTime(), text);
                lines.add(line);
                sink.accept(line);
            }
        } catch (IOException e) {
            // the process is gone and its pipe with it
        }
    }

    /** The name given at start. */
    String name() {
        return name;
    }

    /** The stdout lines read so far. */
    List<Line> lines() {
        return lines;
    }

    /** Whether the process still runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Closes the child's stdin: both CLIs stop cleanly at its end. */
    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /**
     * SIGTERM. Sent through the process handle: {@link Process#destroy()} also closes this side's pipes, so the
     * lines the child prints while it shuts down (its {@code STOPPED} lines) would be lost and its stdin would end.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /**
     * SIGKILL (the handle's {@code destroyForcibly}: the pipes stay open, so what the child printed before is still
     * read), then waits until it is gone.
     *
     * @throws HarnessFailure when it outlives the signal by 30 s
     */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new HarnessFailure(name + " survived SIGKILL for 30 s");
        }
    }

    /**
     * Waits for the exit and for the last stdout line to be read.
     *
     * @return the exit code
     * @throws HarnessFailure when it has not exited within {@code timeout} (with its stderr)
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new HarnessFailure(name + " did not exit within " + timeout.toMillis() + " ms; its stderr:\n"
                + stderr());
        }
        reader.join(10_000);
        return process.exitValue();
    }

    /** What the child wrote on stderr so far (the CLIs print no secret there either). */
    String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Kills the process if it still runs: the clean-up when the harness stops early. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.toHandle().destroyForcibly();
        }
    }
}
