package io.mtflux.core.rpc;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The retry policy for RPC calls, as a visible and replaceable Reactor {@link Retry}: flood waits up to a
 * threshold are slept out on a timer (never a blocked thread) and the call is sent again; longer ones surface as
 * {@link FloodWaitException}; internal server errors back off exponentially with jitter for a bounded number of
 * attempts; everything else surfaces at once. Immutable: every {@code with*} returns a new policy.
 *
 * <pre>{@code mono.retryWhen(RpcRetry.defaults().withFloodWaitThreshold(Duration.ofSeconds(10)))}</pre>
 */
public final class RpcRetry extends Retry {
    private final Duration floodWaitThreshold;
    private final int maxFloodWaits;
    private final int maxInternalRetries;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final double jitter;
    private final Scheduler timer;

    private RpcRetry(Duration floodWaitThreshold, int maxFloodWaits, int maxInternalRetries, Duration minBackoff,
                     Duration maxBackoff, double jitter, Scheduler timer) {
        this.floodWaitThreshold = Objects.requireNonNull(floodWaitThreshold, "floodWaitThreshold");
        this.maxFloodWaits = maxFloodWaits;
        this.maxInternalRetries = maxInternalRetries;
        this.minBackoff = Objects.requireNonNull(minBackoff, "minBackoff");
        this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
        this.jitter = jitter;
        this.timer = Objects.requireNonNull(timer, "timer");
        if (maxFloodWaits < 0 || maxInternalRetries < 0 || jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("counts must be >= 0 and jitter within [0, 1]");
        }
    }

    /** Flood waits up to 60 s slept out (at most 5 times), 500s retried 5 times from 1 s up to 60 s, jitter 0.5. */
    public static RpcRetry defaults() {
        return new RpcRetry(Duration.ofSeconds(60), 5, 5, Duration.ofSeconds(1), Duration.ofSeconds(60), 0.5,
            Schedulers.parallel());
    }

    /** Never retries. */
    public static RpcRetry none() {
        return defaults().withMaxFloodWaits(0).withMaxInternalRetries(0);
    }

    /** Flood waits longer than this surface as {@link FloodWaitException} instead of being slept out. */
    public RpcRetry withFloodWaitThreshold(Duration threshold) {
        return new RpcRetry(threshold, maxFloodWaits, maxInternalRetries, minBackoff, maxBackoff, jitter, timer);
    }

    /** How many flood waits one call may sleep out before the next one surfaces. */
    public RpcRetry withMaxFloodWaits(int count) {
        return new RpcRetry(floodWaitThreshold, count, maxInternalRetries, minBackoff, maxBackoff, jitter, timer);
    }

    /** How many times an internal server error is retried. */
    public RpcRetry withMaxInternalRetries(int count) {
        return new RpcRetry(floodWaitThreshold, maxFloodWaits, count, minBackoff, maxBackoff, jitter, timer);
    }

    /** The first backoff after an internal error and the cap it doubles up to. */
    public RpcRetry withBackoff(Duration min, Duration max) {
        return new RpcRetry(floodWaitThreshold, maxFloodWaits, maxInternalRetries, min, max, jitter, timer);
    }

    /** Jitter factor in [0, 1] applied to internal-error backoffs. */
    public RpcRetry withJitter(double factor) {
        return new RpcRetry(floodWaitThreshold, maxFloodWaits, maxInternalRetries, minBackoff, maxBackoff, factor,
            timer);
    }

    /** The scheduler whose timer runs the waits (tests pass a virtual-time scheduler). */
    public RpcRetry withTimer(Scheduler scheduler) {
        return new RpcRetry(floodWaitThreshold, maxFloodWaits, maxInternalRetries, minBackoff, maxBackoff, jitter,
            scheduler);
    }

    public Duration floodWaitThreshold() {
        return floodWaitThreshold;
    }

    @Override
    public Publisher<?> generateCompanion(Flux<RetrySignal> retrySignals) {
        return Flux.defer(() -> {
            int[] floods = {0};
            int[] internals = {0};
            return retrySignals.concatMap(signal -> {
                Throwable failure = signal.failure();
                if (failure instanceof FloodWaitException flood) {
                    if (flood.duration().compareTo(floodWaitThreshold) > 0 || floods[0]++ >= maxFloodWaits) {
                        return Mono.error(failure);
                    }
                    return Mono.delay(flood.duration(), timer);
                }
                if (failure instanceof InternalServerException) {
                    if (internals[0] >= maxInternalRetries) {
                        return Mono.error(failure);
                    }
                    return Mono.delay(backoff(internals[0]++), timer);
                }
                return Mono.error(failure);
            });
        });
    }

    /** Exponential from minBackoff, capped at maxBackoff, with the configured jitter. */
    Duration backoff(int attempt) {
        long base = minBackoff.toMillis() << Math.min(attempt, 30);
        long capped = Math.min(Math.max(base, minBackoff.toMillis()), maxBackoff.toMillis());
        long spread = (long) (capped * jitter);
        long delay = spread == 0 ? capped
            : capped - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1);
        return Duration.ofMillis(Math.max(0, Math.min(delay, maxBackoff.toMillis())));
    }

    @Override
    public String toString() {
        return "RpcRetry{floodWaitThreshold=" + floodWaitThreshold + ", maxFloodWaits=" + maxFloodWaits
            + ", maxInternalRetries=" + maxInternalRetries + ", backoff=" + minBackoff + ".." + maxBackoff
            + ", jitter=" + jitter + "}";
    }
}
