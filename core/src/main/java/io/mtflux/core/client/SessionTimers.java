package io.mtflux.core.client;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;

/**
 * The timers of every DC session (acks, pings, timeout sweeps, reconnect delays) on one shared hashed-wheel timer.
 * Scheduling and cancelling are lock-free, so an event loop can cancel a timer without touching a thread pool's
 * queue lock (which a scheduler's cancel would take), and thousands of sessions cost one thread.
 */
final class SessionTimers {
    private static final HashedWheelTimer TIMER = new HashedWheelTimer(
        new DefaultThreadFactory("mtflux-timer", true), 10, TimeUnit.MILLISECONDS, 512);

    private SessionTimers() {
    }

    /** Runs {@code task} once after {@code delay}; dispose to cancel. */
    static Disposable once(Duration delay, Runnable task) {
        Timeout timeout = TIMER.newTimeout(t -> task.run(), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        return new Disposable() {
            @Override
            public void dispose() {
                timeout.cancel();
            }

            @Override
            public boolean isDisposed() {
                return timeout.isCancelled() || timeout.isExpired();
            }
        };
    }

    /** Runs {@code task} every {@code period} until disposed. */
    static Disposable every(Duration period, Runnable task) {
        Repeating repeating = new Repeating(period, task);
        repeating.schedule();
        return repeating;
    }

    private static final class Repeating implements Disposable {
        private final Duration period;
        private final Runnable task;
        private volatile Timeout current;
        private volatile boolean disposed;

        Repeating(Duration period, Runnable task) {
            this.period = period;
            this.task = task;
        }

        void schedule() {
            if (!disposed) {
                current = TIMER.newTimeout(t -> {
                    if (!disposed) {
                        task.run();
                        schedule();
                    }
                }, Math.max(1, period.toMillis()), TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void dispose() {
            disposed = true;
            Timeout t = current;
            if (t != null) {
                t.cancel();
            }
        }

        @Override
        public boolean isDisposed() {
            return disposed;
        }
    }
}
