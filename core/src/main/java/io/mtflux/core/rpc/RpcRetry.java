package io.mtflux.core.rpc;

import java.time.Duration;
import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The retry policy for RPC calls, as a visible and replaceable Reactor {@link Retry}: flood waits up to a
 * threshold are slept out on a timer (never a blocked thread) and the call is sent again; longer ones surface as
 * {@link FloodWaitException}; internal server errors back off by a {@link Delay} (exponential with jitter by
 * default) for a bounded number of attempts; everything else surfaces at once. Immutable: every {@code with*}
 * returns a new policy.
 *
 * <pre>{@code mono.retryWhen(RpcRetry.defaults().withFloodWaitThreshold(Duration.ofSeconds(10)))}</pre>
 */
public final class RpcRetry extends Retry {
    private final Duration floodWaitThreshold;
    private final int maxFloodWaits;
    private final int maxInternalRetries;
    private final Delay backoff;
    private final Scheduler timer;

    private RpcRetry(Duration floodWaitThreshold, int maxFloodWaits, int maxInternalRetries, Delay backoff,
                     Scheduler timer) {
        this.floodWaitThreshold = Objects.requireNonNull(floodWaitThreshold, "floodWaitThreshold");
        this.maxFloodWaits = maxFloodWaits;
        this.maxInternalRetries = maxInternalRetries;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.timer = Objects.requireNonNull(timer, "timer");
        if (maxFloodWaits < 0 || maxInternalRetries < 0) {
            throw new IllegalArgumentException("retry counts must be >= 0");
        }
    }

    /**
     * Flood waits up to 60 s slept out (at most 5 times), 500s retried 5 times after
     * {@code Delay.exponential(1 s, 60 s).equalJitter()}.
     *
     * @return the default policy
     */
    public static RpcRetry defaults() {
        return new RpcRetry(Duration.ofSeconds(60), 5, 5,
            Delay.exponential(Duration.ofSeconds(1), Duration.ofSeconds(60)).equalJitter(), Schedulers.parallel());
    }

    /** {@return a policy that never retries} */
    public static RpcRetry none() {
        return defaults().withMaxFloodWaits(0).withMaxInternalRetries(0);
    }

    /**
     * Flood waits longer than this surface as {@link FloodWaitException} instead of being slept out.
     *
     * @param threshold the longest flood wait slept out
     * @return the new policy
     */
    public RpcRetry withFloodWaitThreshold(Duration threshold) {
        return new RpcRetry(threshold, maxFloodWaits, maxInternalRetries, backoff, timer);
    }

    /**
     * How many flood waits one call may sleep out before the next one surfaces.
     *
     * @param count at least 0
     * @return the new policy
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public RpcRetry withMaxFloodWaits(int count) {
        return new RpcRetry(floodWaitThreshold, count, maxInternalRetries, backoff, timer);
    }

    /**
     * How many times an internal server error is retried.
     *
     * @param count at least 0
     * @return the new policy
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public RpcRetry withMaxInternalRetries(int count) {
        return new RpcRetry(floodWaitThreshold, maxFloodWaits, count, backoff, timer);
    }

    /**
     * The wait before each retry of an internal server error (attempt 0 is the first retry).
     *
     * @param delay the backoff
     * @return the new policy
     */
    public RpcRetry withBackoff(Delay delay) {
        return new RpcRetry(floodWaitThreshold, maxFloodWaits, maxInternalRetries, delay, timer);
    }

    /**
     * The scheduler whose timer runs the waits (tests pass a virtual-time scheduler).
     *
     * @param scheduler the timer's scheduler
     * @return the new policy
     */
    public RpcRetry withTimer(Scheduler scheduler) {
        return new RpcRetry(floodWaitThreshold, maxFloodWaits, maxInternalRetries, backoff, scheduler);
    }

    /**
     * {@return the longest flood wait this policy sleeps out}
     */
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
                    return Mono.delay(backoff.delay(internals[0]++), timer);
                }
                return Mono.error(failure);
            });
        });
    }

    /** {@return the backoff of internal server errors} */
    public Delay backoff() {
        return backoff;
    }

    @Override
    public String toString() {
        return "RpcRetry{floodWaitThreshold=" + floodWaitThreshold + ", maxFloodWaits=" + maxFloodWaits
            + ", maxInternalRetries=" + maxInternalRetries + ", backoff=" + backoff + "}";
    }
}
