package io.mtflux.core.client;

import java.time.Duration;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * When a DC connection tries again: counts the failed attempts in a row, asks the configured {@code Delay} (through
 * {@link ClientSettings#reconnectDelay}) how long to wait before the next one, waits longer after a -429, and says
 * when the callers waiting for a connection should fail instead of waiting on. Confined to its connection's loop.
 */
final class ReconnectPolicy {
    /** After -429 the next wait is at least the one of this attempt (docs/protocol.md 4.6). */
    static final int FLOOD_ATTEMPT = 4;

    private final IntFunction<Duration> delays;
    private final int maxAttempts;
    private int attempt;

    /**
     * @param delays the wait before attempt n (0 right after a drop)
     * @param maxAttempts failed attempts in a row after which waiting callers fail
     */
    ReconnectPolicy(IntFunction<Duration> delays, int maxAttempts) {
        this.delays = Objects.requireNonNull(delays, "delays");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be positive, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
    }

    /** The policy of a client's settings. */
    static ReconnectPolicy of(ClientSettings settings) {
        return new ReconnectPolicy(settings::reconnectDelay, settings.maxConnectAttempts());
    }

    /** The wait before the next attempt; counts that attempt. */
    Duration nextDelay() {
        return delays.apply(attempt++);
    }

    /** The server answered -429 (too many connections or requests): the next waits are longer. */
    void onFlood() {
        attempt = Math.max(attempt, FLOOD_ATTEMPT);
    }

    /** A connection became usable: the next drop starts the count again. */
    void onConnected() {
        attempt = 0;
    }

    /** Whether as many attempts as allowed have failed in a row, so waiting callers should fail. */
    boolean exhausted() {
        return attempt >= maxAttempts;
    }

    /** Attempts counted since the last success. */
    int attempt() {
        return attempt;
    }
}
