package io.mtflux.samples;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the long-running CLIs (the accounts CLI, the console CLI, the demo's console) stop: on SIGTERM (or anything
 * else that shuts the JVM down) or at the end of their stdin, whichever comes first. {@link #await()} returns the
 * reason; the caller then stops cleanly and calls {@link #finished(int)}. A JVM shutdown waits for that (up to a
 * bound) and exits with the run's code rather than the signal's.
 */
final class StopSignals {
    private final CompletableFuture<String> stop = new CompletableFuture<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger exit = new AtomicInteger(1);

    private StopSignals() {
    }

    /**
     * Watches {@code in} (a daemon thread reads and ignores it until its end) and, with {@code signals}, the JVM's
     * shutdown.
     *
     * @param name the CLI's name, for the threads
     * @param in closing it stops the run
     * @param signals whether a JVM shutdown stops the run (a shutdown hook; off in tests that run in-process)
     * @param stopTakes how long the shutdown hook waits for {@link #finished(int)} at most
     * @param beforeExit run by the hook once the run finished, before the JVM halts (e.g. a flush of stdout)
     * @return the watch
     */
    static StopSignals watch(String name, InputStream in, boolean signals, Duration stopTakes, Runnable beforeExit) {
        StopSignals s = new StopSignals();
        if (signals) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (s.finished.getCount() == 0) {
                    return;
                }
                s.stop.complete("the JVM is shutting down (SIGTERM)");
                try {
                    s.finished.await(stopTakes.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                beforeExit.run();
                // the shutdown is done: exit with its code rather than the signal's
                Runtime.getRuntime().halt(s.exit.get());
            }, name + "-shutdown"));
        }
        Thread stdin = new Thread(() -> {
            byte[] buffer = new byte[256];
            try {
                while (in.read(buffer) >= 0) {
                    // input is ignored; its end stops the run
                }
            } catch (IOException e) {
                // a broken stdin ends like a closed one
            }
            s.stop.complete("stdin closed");
        }, name + "-stdin");
        stdin.setDaemon(true);
        stdin.start();
        return s;
    }

    /** Waits for a stop; returns why ({@code stdin closed}, {@code the JVM is shutting down (SIGTERM)}). */
    String await() {
        return stop.join();
    }

    /** The run stopped with {@code code}: a shutdown under way exits with it. */
    void finished(int code) {
        exit.set(code);
        finished.countDown();
    }
}
