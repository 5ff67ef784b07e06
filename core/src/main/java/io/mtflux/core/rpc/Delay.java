package io.mtflux.core.rpc;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before attempt number {@code attempt} (0 for the first retry) of something that failed: the
 * one backoff type of mtflux, used by reconnects ({@code ClientOptions.reconnectDelay}) and by the retry of
 * internal server errors ({@link RpcRetry#withBackoff(Delay)}) alike. Immutable and thread-safe; the factories
 * are in the manner of Lettuce's {@code Delay}.
 *
 * <pre>{@code
 * Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(30))            // 100 ms, 200 ms, ... 30 s
 * Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(30)).equalJitter() // each in [d/2, d]
 * Delay.constant(Duration.ofSeconds(1))
 * }</pre>
 */
public interface Delay {

    /**
     * The delay before retry number {@code attempt}.
     *
     * @param attempt 0 for the first retry, 1 for the second, ...
     * @return the delay, never negative
     */
    Duration delay(int attempt);

    /**
     * Always {@code value}.
     *
     * @param value the wait
     * @return the delay
     */
    static Delay constant(Duration value) {
        return new Exponential(value, value, Jitter.NONE);
    }

    /** {@return a delay that never waits} */
    static Delay none() {
        return constant(Duration.ZERO);
    }

    /**
     * Doubling from {@code lower} on the first retry up to {@code upper}, without jitter (add it with
     * {@link Exponential#equalJitter()} or {@link Exponential#fullJitter()}).
     *
     * @param lower the first delay, not negative
     * @param upper the cap, not below {@code lower}
     * @return the backoff, without jitter
     */
    static Exponential exponential(Duration lower, Duration upper) {
        return new Exponential(lower, upper, Jitter.NONE);
    }

    /** How a computed delay is spread at random, so that many clients that failed together do not retry together. */
    enum Jitter {
        /** The computed delay as it is. */
        NONE,
        /** Uniform in [d/2, d]: never less than half the computed delay. */
        EQUAL,
        /** Uniform in [0, d]. */
        FULL
    }

    /**
     * Exponential backoff: {@code min(upper, lower * 2^attempt)}, then jittered.
     *
     * @param lower the first delay
     * @param upper the cap
     * @param jitter the spread applied to each delay
     */
    record Exponential(Duration lower, Duration upper, Jitter jitter) implements Delay {
        /**
         * Checks the bounds.
         *
         * @param lower the first delay
         * @param upper the cap
         * @param jitter the spread applied to each delay
         * @throws IllegalArgumentException unless {@code 0 <= lower <= upper}
         */
        public Exponential {
            Objects.requireNonNull(lower, "lower");
            Objects.requireNonNull(upper, "upper");
            Objects.requireNonNull(jitter, "jitter");
            if (lower.isNegative() || upper.compareTo(lower) < 0) {
                throw new IllegalArgumentException("a delay needs 0 <= lower <= upper, got " + lower + ".." + upper);
            }
        }

        /** {@return this backoff, each delay uniform in [d/2, d]} */
        public Exponential equalJitter() {
            return new Exponential(lower, upper, Jitter.EQUAL);
        }

        /** {@return this backoff, each delay uniform in [0, d]} */
        public Exponential fullJitter() {
            return new Exponential(lower, upper, Jitter.FULL);
        }

        /** {@return this backoff without jitter} */
        public Exponential withoutJitter() {
            return new Exponential(lower, upper, Jitter.NONE);
        }

        @Override
        public Duration delay(int attempt) {
            if (attempt < 0) {
                throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
            }
            long upperNanos = upper.toNanos();
            long lowerNanos = lower.toNanos();
            // doubling stops at the cap; the shift is bounded so that it cannot overflow
            long base = lowerNanos == 0 ? 0 : attempt >= 62 || lowerNanos > (upperNanos >> Math.min(attempt, 62))
                ? upperNanos : lowerNanos << attempt;
            long nanos = switch (jitter) {
                case NONE -> base;
                case EQUAL -> base / 2 + ThreadLocalRandom.current().nextLong(base - base / 2 + 1);
                case FULL -> ThreadLocalRandom.current().nextLong(base + 1);
            };
            return Duration.ofNanos(Math.min(nanos, upperNanos));
        }
    }
}
