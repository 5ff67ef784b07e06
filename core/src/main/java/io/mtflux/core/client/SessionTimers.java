package io.mtflux.core.client;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;

/**
 * The timers of every DC session (acks, pings, timeout sweeps, reconnect delays) on one hashed-wheel timer, owned
 * by a {@link ClientResources} and shared by all its clients. Scheduling and cancelling are lock-free, so an event
 * loop can cancel a timer without touching a thread pool's queue lock (which a scheduler's cancel would take),
 * and thousands of sessions cost one thread (started on first use).
 */
final class SessionTimers {
    private final HashedWheelTimer timer;

    SessionTimers(String threadName) {
        this.timer = new HashedWheelTimer(new DefaultThreadFactory(threadName, true), 10, TimeUnit.MILLISECONDS, 512);
    }

    /** Runs {@code task} once after {@code delay}; dispose to cancel. */
    Disposable once(Duration delay, Runnable task) {
        Timeout timeout = timer.newTimeout(t -> task.run(), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
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
    Disposable every(Duration period, Runnable task) {
        Repeating repeating = new Repeating(period, task);
        repeating.schedule();
        return repeating;
    }

    /** Stops the timer thread (blocks until it ends: call it off the event loops); pending tasks never run. */
    void stop() {
        timer.stop();
    }

    private final class Repeating implements Disposable {
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
                current = timer.newTimeout(t -> {
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
