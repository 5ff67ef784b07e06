package io.mtflux.accounts;

import io.mtflux.core.event.RevocationReason;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one account of an {@link AccountManager} is. Every change goes through the transition table below (the one
 * place that says which move is legal); a move not in it is a bug in the manager and throws
 * {@link IllegalStateException}. Each change is an {@link AccountEvent}.
 */
public enum AccountState {
    /** Added, never started. */
    NEW,
    /** Started: the client connects to the home DC (and checks a stored login with one call). */
    CONNECTING,
    /** Connected; the session has no login: a login pipeline may log it in. */
    NEEDS_LOGIN,
    /** A login runs. */
    LOGGING_IN,
    /** Logged in: calls flow. */
    AUTHORIZED,
    /** A call or a login got FLOOD_WAIT: the account waits until the event's {@code until}, then goes back. */
    FLOOD_WAIT,
    /** The home DC's connection dropped; the client reconnects by itself and the account goes back once ready. */
    RECONNECTING,
    /**
     * Logged in, without a client: no socket, no buffers; its session (auth key, salts, update position) stays in
     * the store, its lease (with leases) stays held. A call, the schedule or {@code wake(id)} wakes it.
     */
    PARKED,
    /**
     * A parked account wakes: a new client connects on the stored key (no key exchange) and catches up with
     * {@code updates.getDifference}; calls wait for it, then flow.
     */
    WAKING,
    /** The key is no longer logged in ({@code AUTH_KEY_UNREGISTERED}, {@code SESSION_EXPIRED}): log in again. */
    LOGGED_OUT,
    /** The user ended this session from another one ({@code SESSION_REVOKED}): log in again. */
    REVOKED,
    /** The user deleted the account ({@code USER_DEACTIVATED}). */
    DEACTIVATED,
    /** The account or its phone is banned ({@code USER_DEACTIVATED_BAN}, {@code PHONE_NUMBER_BANNED}). */
    BANNED,
    /** The DC saw the key used from two places ({@code AUTH_KEY_DUPLICATED}): core dropped it; log in again. */
    KEY_DUPLICATED,
    /** With leases: the account's lease is lost; its client is being closed. */
    LEASE_LOST,
    /** Stopped: its client is closed; it may be started again. */
    STOPPED;

    private static final Map<AccountState, Set<AccountState>> NEXT = new EnumMap<>(AccountState.class);

    static {
        Set<AccountState> ended = EnumSet.of(LOGGED_OUT, REVOKED, DEACTIVATED, BANNED, KEY_DUPLICATED);
        NEXT.put(NEW, EnumSet.of(CONNECTING, PARKED, STOPPED));
        NEXT.put(CONNECTING, with(ended, AUTHORIZED, NEEDS_LOGIN, FLOOD_WAIT, LEASE_LOST, STOPPED));
        NEXT.put(NEEDS_LOGIN, EnumSet.of(LOGGING_IN, RECONNECTING, LEASE_LOST, STOPPED));
        NEXT.put(LOGGING_IN, with(ended, AUTHORIZED, NEEDS_LOGIN, FLOOD_WAIT, LEASE_LOST, STOPPED));
        NEXT.put(AUTHORIZED, with(ended, FLOOD_WAIT, RECONNECTING, PARKED, LEASE_LOST, STOPPED));
        NEXT.put(FLOOD_WAIT, with(ended, AUTHORIZED, NEEDS_LOGIN, LEASE_LOST, STOPPED));
        NEXT.put(RECONNECTING, with(ended, AUTHORIZED, NEEDS_LOGIN, FLOOD_WAIT, LEASE_LOST, STOPPED));
        NEXT.put(PARKED, EnumSet.of(WAKING, LEASE_LOST, STOPPED));
        // a wake that cannot connect parks the account again; the server may answer the catch-up with a revocation
        NEXT.put(WAKING, with(ended, AUTHORIZED, PARKED, FLOOD_WAIT, LEASE_LOST, STOPPED));
        // a login ended by the server may be made again (a deleted account's phone signs up anew); a ban may not
        NEXT.put(LOGGED_OUT, EnumSet.of(LOGGING_IN, LEASE_LOST, STOPPED));
        NEXT.put(REVOKED, EnumSet.of(LOGGING_IN, LEASE_LOST, STOPPED));
        NEXT.put(DEACTIVATED, EnumSet.of(LOGGING_IN, LEASE_LOST, STOPPED));
        NEXT.put(KEY_DUPLICATED, EnumSet.of(LOGGING_IN, LEASE_LOST, STOPPED));
        NEXT.put(BANNED, EnumSet.of(LEASE_LOST, STOPPED));
        NEXT.put(LEASE_LOST, EnumSet.of(STOPPED));
        NEXT.put(STOPPED, EnumSet.of(CONNECTING, PARKED));
    }

    private static Set<AccountState> with(Set<AccountState> base, AccountState... more) {
        Set<AccountState> all = EnumSet.copyOf(base);
        all.addAll(Set.of(more));
        return all;
    }

    /**
     * Whether an account in this state holds a client (its connection and buffers): every state but {@code NEW},
     * {@code PARKED}, {@code LEASE_LOST} (closing) and {@code STOPPED}. {@code WAKING} counts: it connects.
     *
     * @return true when the state holds a client
     */
    public boolean isHot() {
        return this != NEW && this != PARKED && this != LEASE_LOST && this != STOPPED;
    }

    /**
     * Whether an account in this state may move to {@code next}.
     *
     * @param next the state to move to
     * @return true when the transition table allows the move
     */
    public boolean canMoveTo(AccountState next) {
        return NEXT.get(this).contains(next);
    }

    /**
     * The states this one may move to.
     *
     * @return a fresh, modifiable copy of this state's row of the transition table
     */
    public Set<AccountState> next() {
        // every value of the table is an EnumSet, so the copy keeps its type
        return EnumSet.copyOf(NEXT.get(this));
    }

    /**
     * Checks a move.
     *
     * @return {@code next}
     * @throws IllegalStateException when the table does not allow it (a bug in the manager)
     */
    AccountState moveTo(AccountState next, String accountId) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("account " + accountId + ": illegal transition " + this + " -> " + next);
        }
        return next;
    }

    /**
     * The state a revocation reason leads to.
     *
     * @param reason the error that ended the session's login
     * @return {@code LOGGED_OUT}, {@code REVOKED}, {@code DEACTIVATED}, {@code BANNED} or {@code KEY_DUPLICATED}
     */
    public static AccountState of(RevocationReason reason) {
        return switch (reason) {
            case AUTH_KEY_UNREGISTERED, SESSION_EXPIRED -> LOGGED_OUT;
            case SESSION_REVOKED -> REVOKED;
            case USER_DEACTIVATED -> DEACTIVATED;
            case USER_DEACTIVATED_BAN -> BANNED;
            case AUTH_KEY_DUPLICATED -> KEY_DUPLICATED;
        };
    }
}
