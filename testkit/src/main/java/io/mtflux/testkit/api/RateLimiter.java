package io.mtflux.testkit.api;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sliding-window counters for flood control: at most {@code limit} events per key within {@code window}. When the
 * limit is reached the wait is the time until the oldest counted event leaves the window, in whole seconds
 * (what {@code FLOOD_WAIT_N} carries).
 */
final class RateLimiter {
    private final Map<String, Deque<Long>> events = new ConcurrentHashMap<>();

    /**
     * @return 0 if another event is allowed now, else the seconds to wait (at least 1)
     */
    long waitSeconds(String key, int limit, Duration window, long nowMillis) {
        Deque<Long> times = events.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            prune(times, window, nowMillis);
            if (times.size() < limit) {
                return 0;
            }
            long freeAt = times.peekFirst() + window.toMillis();
            return Math.max(1, (freeAt - nowMillis + 999) / 1000);
        }
    }

    /** Counts one event. */
    void record(String key, Duration window, long nowMillis) {
        Deque<Long> times = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, window, nowMillis);
            times.addLast(nowMillis);
        }
    }

    /**
     * Counts one event if allowed.
     *
     * @return 0 when counted, else the seconds to wait
     */
    long acquire(String key, int limit, Duration window, long nowMillis) {
        Deque<Long> times = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, window, nowMillis);
            if (times.size() >= limit) {
                long freeAt = times.peekFirst() + window.toMillis();
                return Math.max(1, (freeAt - nowMillis + 999) / 1000);
            }
            times.addLast(nowMillis);
            return 0;
        }
    }

    private static void prune(Deque<Long> times, Duration window, long nowMillis) {
        long oldest = nowMillis - window.toMillis();
        while (!times.isEmpty() && times.peekFirst() <= oldest) {
            times.removeFirst();
        }
    }
}
