package io.mtflux.testkit.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The jar's stdout: whole lines in order, the ready line first. Events may be offered from event loops before the
 * ready line is out (the code subscription starts before it is printed, so no code can be missed); they wait until
 * {@link #open} and are then written after it. Writing happens on one dedicated thread, so a reader that is slow
 * to drain the pipe never stalls a DC.
 */
final class StdoutLines {
    private final PrintStream out;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mtflux-testkit-stdout");
        t.setDaemon(true);
        return t;
    });
    private List<String> early = new ArrayList<>();
    private boolean closed;

    StdoutLines(PrintStream out) {
        this.out = out;
    }

    /** Writes the ready line, then every event offered so far. */
    synchronized void open(String readyLine) {
        if (early == null) {
            throw new IllegalStateException("already open");
        }
        write(readyLine);
        early.forEach(this::write);
        early = null;
    }

    /** Queues an event line; after {@link #close} it is dropped. */
    synchronized void event(String line) {
        if (closed) {
            return;
        }
        if (early != null) {
            early.add(line);
        } else {
            write(line);
        }
    }

    /**
     * Stops taking lines and waits (bounded) until the queued ones are written and flushed.
     *
     * @param timeout how long to wait for the queue to drain
     */
    void close(Duration timeout) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        writer.shutdown();
        try {
            writer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
    }

    private void write(String line) {
        writer.execute(() -> {
            out.print(line);
            out.print('\n');
            out.flush();
        });
    }
}
