package io.mtflux.testkit.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Server msg_ids (docs/protocol.md 2.7): about {@code unixtime * 2^32}, odd (≡ 1 mod 4 for answers to client messages,
 * ≡ 3 for everything else), strictly increasing while the clock runs normally. Thread-safe.
 */
final class ServerMessageIds {
    private final LongSupplier clockMillis;
    private final AtomicLong last = new AtomicLong();

    ServerMessageIds(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    long next(boolean answer) {
        long millis = clockMillis.getAsLong();
        long candidate = ((millis / 1000) << 32) | (((millis % 1000) << 32) / 1000);
        candidate = (candidate & ~3L) | (answer ? 1 : 3);
        long residue = answer ? 1 : 3;
        while (true) {
            long prev = last.get();
            long id = candidate;
            // strictly increasing, unless the clock was set back by more than a few seconds (a restarted or
            // re-synced server), when following the clock matters more than monotonicity
            if (id <= prev && prev - id < (5L << 32)) {
                id = ((prev + 4) & ~3L) | residue;
            }
            if (last.compareAndSet(prev, id)) {
                return id;
            }
        }
    }
}
