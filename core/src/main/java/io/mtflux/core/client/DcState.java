package io.mtflux.core.client;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a {@link DcConnection} is in its life (docs/architecture.md, "DC connections"), and the moves the
 * connection's one {@code transition} method may make between the states.
 */
enum DcState {
    /** Created; nothing asked for a connection yet. */
    IDLE,
    /** A transport connection is being opened. */
    CONNECTING,
    /** Connected; a key exchange (permanent key, or a temporary key with PFS) runs in plain messages. */
    EXCHANGING_KEY,
    /** Connected with a new temporary key; {@code auth.bindTempAuthKey} is under way, requests wait. */
    BINDING,
    /** Requests flow. */
    READY,
    /** The connection dropped or could not be opened; a timer will try again. */
    WAITING_TO_RECONNECT,
    /** Closed for good. */
    CLOSED;

    private static final Map<DcState, Set<DcState>> NEXT = new EnumMap<>(DcState.class);

    static {
        NEXT.put(IDLE, EnumSet.of(CONNECTING, CLOSED));
        NEXT.put(CONNECTING, EnumSet.of(EXCHANGING_KEY, READY, WAITING_TO_RECONNECT, CLOSED));
        NEXT.put(EXCHANGING_KEY, EnumSet.of(BINDING, READY, WAITING_TO_RECONNECT, CLOSED));
        NEXT.put(BINDING, EnumSet.of(READY, WAITING_TO_RECONNECT, CLOSED));
        NEXT.put(READY, EnumSet.of(WAITING_TO_RECONNECT, CLOSED));
        NEXT.put(WAITING_TO_RECONNECT, EnumSet.of(CONNECTING, CLOSED));
        NEXT.put(CLOSED, EnumSet.noneOf(DcState.class));
    }

    /** Whether a connection in this state may move to {@code next}. */
    boolean canMoveTo(DcState next) {
        return NEXT.get(this).contains(next);
    }

    /**
     * Checks a move.
     *
     * @return {@code next}
     * @throws IllegalStateException when the table does not allow it (a bug in {@link DcConnection})
     */
    DcState moveTo(DcState next, int dcId) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("DC " + dcId + " connection: illegal transition " + this + " -> "
                + next);
        }
        return next;
    }
}
