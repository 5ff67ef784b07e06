package io.mtflux.core.client;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * A lock-free serial executor (an actor's mailbox): commands run one at a time, in the order they were queued,
 * on whichever thread queued into an idle loop, so the state they touch needs no lock. After each drained batch
 * the loop runs {@code afterBatch} (for example a flush that the batch's commands requested).
 */
final class SerialLoop {
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final Logger log;
    private final String what;
    private final Runnable afterBatch;

    /**
     * @param log where a failing command is reported
     * @param what the loop's name in that report
     * @param afterBatch run inside the loop after each drained batch
     */
    SerialLoop(Logger log, String what, Runnable afterBatch) {
        this.log = log;
        this.what = what;
        this.afterBatch = afterBatch;
    }

    /** Queues {@code command}; runs it (and whatever queues meanwhile) now if the loop is idle. */
    void execute(Runnable command) {
        commands.add(command);
        if (wip.getAndIncrement() != 0) {
            return;
        }
        do {
            Runnable next;
            while ((next = commands.poll()) != null) {
                try {
                    next.run();
                } catch (RuntimeException e) {
                    log.warn("unexpected failure in the {}", what, e);
                }
            }
            afterBatch.run();
        } while (wip.decrementAndGet() != 0);
    }
}
