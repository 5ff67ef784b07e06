package io.mtflux.core.internal.session;

import io.mtflux.core.tl.mtproto.FutureSalt;
import java.util.List;

/**
 * Server salts of one auth key (docs/protocol.md 2.6): the salt in use, plus future salts fetched with
 * {@code get_future_salts}, switched to as their validity starts. Confined to one thread.
 *
 * <p>At most {@link #MAX_FUTURE} future salts are kept (those whose validity starts first), in two parallel arrays
 * (salt, valid since, valid until) made when the first ones arrive: a session holds a few dozen bytes of salts, not
 * a list of objects.
 */
public final class ServerSalts {
    /** Fetch more salts when fewer than this many seconds of validity are known. */
    public static final int REFRESH_MARGIN_SECONDS = 600;
    /** How many future salts are kept at most (and asked for). */
    public static final int MAX_FUTURE = 8;

    private long current;
    /** Future salts by start of validity; null until the first arrive. */
    private long[] salts;
    /** Per future salt: valid_since in the high 32 bits, valid_until in the low 32 (both unsigned seconds). */
    private long[] validity;
    private int count;

    /**
     * Starts with one salt and no future ones.
     *
     * @param initial the salt of the key exchange or of the stored session
     */
    public ServerSalts(long initial) {
        this.current = initial;
    }

    /**
     * The salt to send now, switching to a future salt whose validity has started.
     *
     * @param serverTimeSeconds the server's time now
     * @return the salt
     */
    public long current(long serverTimeSeconds) {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (until(i) <= serverTimeSeconds) {
                continue; // expired
            }
            if (since(i) <= serverTimeSeconds) {
                current = salts[i];
            }
            salts[kept] = salts[i];
            validity[kept] = validity[i];
            kept++;
        }
        count = kept;
        return current;
    }

    /**
     * Adopts the salt the server said is right ({@code bad_server_salt}, {@code new_session_created}). Known
     * future salts are dropped: the server just proved them stale, and {@link #needsRefresh} asks for new ones.
     *
     * @param salt the salt the server named
     */
    public void replace(long salt) {
        current = salt;
        count = 0;
    }

    /**
     * Remembers salts from {@code future_salts}: the {@link #MAX_FUTURE} that start first are kept.
     *
     * @param future the future salts
     */
    public void addFuture(List<FutureSalt> future) {
        for (FutureSalt s : future) {
            insert(s.salt(), Integer.toUnsignedLong(s.validSince()), Integer.toUnsignedLong(s.validUntil()));
        }
    }

    private void insert(long salt, long since, long until) {
        if (salts == null) {
            salts = new long[MAX_FUTURE];
            validity = new long[MAX_FUTURE];
        }
        int at = count;
        while (at > 0 && since(at - 1) > since) {
            at--;
        }
        if (at == MAX_FUTURE) {
            return; // starts after every kept one, and there is no room
        }
        int moved = Math.min(count, MAX_FUTURE - 1) - at;
        System.arraycopy(salts, at, salts, at + 1, moved);
        System.arraycopy(validity, at, validity, at + 1, moved);
        salts[at] = salt;
        validity[at] = since << 32 | until;
        count = Math.min(count + 1, MAX_FUTURE);
    }

    private long since(int i) {
        return validity[i] >>> 32;
    }

    private long until(int i) {
        return validity[i] & 0xFFFF_FFFFL;
    }

    /**
     * {@return how many future salts are kept now}
     */
    public int futureCount() {
        return count;
    }

    /**
     * Whether known validity runs out within {@link #REFRESH_MARGIN_SECONDS}.
     *
     * @param serverTimeSeconds the server's time now
     * @return whether to send {@code get_future_salts}
     */
    public boolean needsRefresh(long serverTimeSeconds) {
        long until = 0;
        for (int i = 0; i < count; i++) {
            until = Math.max(until, until(i));
        }
        return until - serverTimeSeconds < REFRESH_MARGIN_SECONDS;
    }
}
