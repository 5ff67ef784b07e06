package io.mtflux.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts completed round trips and samples their latency for the load harnesses: a warm-up window first (not
 * counted), then a measured window; rate and p50/p99 come from the measured window only. Thread-safe.
 */
public final class LatencyRecorder {
    private final long start;
    private final long end;
    private final Duration run;
    private final AtomicLong count = new AtomicLong();
    private final long[] samples = new long[1 << 21];
    private final AtomicLong sampleIndex = new AtomicLong();

    /** Starts now: {@code warmup}, then {@code run} measured. */
    public LatencyRecorder(Duration warmup, Duration run) {
        this.start = System.nanoTime() + warmup.toNanos();
        this.end = start + run.toNanos();
        this.run = run;
    }

    /** Whether the measured window is still open. */
    public boolean running() {
        return System.nanoTime() < end;
    }

    /**
     * Records a round trip that started at {@code sentNanos} and ends now (ignored during the warm-up and after
     * the window closed: the calls still in flight at its end do not count).
     */
    public void record(long sentNanos) {
        long now = System.nanoTime();
        if (now > start && now < end) {
            count.incrementAndGet();
            long k = sampleIndex.getAndIncrement();
            if (k < samples.length) {
                samples[(int) k] = now - sentNanos;
            }
        }
    }

    /** Round trips per second over the measured window. */
    public double rate() {
        return count.get() / (run.toNanos() / 1e9);
    }

    /** The latency percentile {@code p} (0..1) in microseconds. */
    public long percentileMicros(double p) {
        int n = (int) Math.min(sampleIndex.get(), samples.length);
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        return sorted[Math.min(n - 1, (int) (n * p))] / 1000;
    }
}
