package io.mtflux.core.internal.session;

import io.mtflux.core.tl.mtproto.FutureSalt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Server salts of one auth key (docs/protocol.md 2.6): the salt in use, plus future salts fetched with
 * {@code get_future_salts}, switched to as their validity starts. Confined to one thread.
 */
public final class ServerSalts {
    /** Fetch more salts when fewer than this many seconds of validity are known. */
    public static final int REFRESH_MARGIN_SECONDS = 600;

    private long current;
    private final List<FutureSalt> future = new ArrayList<>();

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
        future.removeIf(s -> s.validUntil() <= serverTimeSeconds);
        for (FutureSalt s : future) {
            if (s.validSince() <= serverTimeSeconds) {
                current = s.salt();
            }
        }
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
        future.clear();
    }

    /**
     * Remembers salts from {@code future_salts}.
     *
     * @param salts the future salts
     */
    public void addFuture(List<FutureSalt> salts) {
        future.addAll(salts);
        future.sort(Comparator.comparingInt(FutureSalt::validSince));
    }

    /**
     * Whether known validity runs out within {@link #REFRESH_MARGIN_SECONDS}.
     *
     * @param serverTimeSeconds the server's time now
     * @return whether to send {@code get_future_salts}
     */
    public boolean needsRefresh(long serverTimeSeconds) {
        long until = future.stream().mapToLong(FutureSalt::validUntil).max().orElse(0);
        return until - serverTimeSeconds < REFRESH_MARGIN_SECONDS;
    }
}
