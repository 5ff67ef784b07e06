package io.mtflux.accounts;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One state change of one account, as {@link AccountManager#events()} emits it.
 *
 * @param accountId the account
 * @param from the state it left
 * @param to the state it entered
 * @param reason why, in words (an error type such as {@code SESSION_REVOKED}, {@code FLOOD_WAIT_X on auth.sendCode},
 *     "started", ...); never a secret
 * @param at when (the manager's clock)
 * @param until for {@link AccountState#FLOOD_WAIT}: when the wait ends; null otherwise
 * @param fence with leases: the fencing token of the lease the account runs (or last ran) under on this instance;
 *     0 without leases or before the first one. Tokens of one account strictly increase across instances, so a
 *     run with a greater fence started after every run with a smaller one lost its lease.
 * @param userId the logged-in user after the change, when known (from the session or the last login); null otherwise
 *     (also once a revocation ended the login)
 * @param dc the account's home DC as last known from its session, 0 before its client first loaded one
 */
public record AccountEvent(String accountId, AccountState from, AccountState to, String reason, Instant at,
                           Instant until, long fence, Long userId, int dc) {
    /**
     * Checks the components.
     *
     * @param accountId the account
     * @param from the state it left
     * @param to the state it entered
     * @param reason why, in words; never a secret
     * @param at when
     * @param until when the flood wait ends: set for a move to {@link AccountState#FLOOD_WAIT}, and only for one
     * @param fence the lease's fencing token, 0 without leases
     * @param userId the logged-in user after the change, or null
     * @param dc the home DC as last known, 0 when not known
     * @throws NullPointerException if {@code accountId}, {@code from}, {@code to}, {@code reason} or {@code at} is
     *     null
     * @throws IllegalArgumentException if {@code until} is set for another state than {@code FLOOD_WAIT} or missing
     *     for it, or if {@code fence} or {@code dc} is negative
     */
    public AccountEvent {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        if ((to == AccountState.FLOOD_WAIT) != (until != null)) {
            throw new IllegalArgumentException("a FLOOD_WAIT event, and only it, carries when the wait ends");
        }
        if (fence < 0) {
            throw new IllegalArgumentException("fence must not be negative");
        }
        if (dc < 0) {
            throw new IllegalArgumentException("dc must not be negative");
        }
    }

    /**
     * An event without the user and the DC (user unknown, DC 0).
     *
     * @param accountId the account
     * @param from the state it left
     * @param to the state it entered
     * @param reason why, in words; never a secret
     * @param at when
     * @param until when the flood wait ends, for a move to {@link AccountState#FLOOD_WAIT}; null otherwise
     * @param fence the lease's fencing token, 0 without leases
     * @throws IllegalArgumentException as the canonical constructor
     */
    public AccountEvent(String accountId, AccountState from, AccountState to, String reason, Instant at,
                        Instant until, long fence) {
        this(accountId, from, to, reason, at, until, fence, null, 0);
    }

    /**
     * An event without a lease (fence 0), the user and the DC.
     *
     * @param accountId the account
     * @param from the state it left
     * @param to the state it entered
     * @param reason why, in words; never a secret
     * @param at when
     * @param until when the flood wait ends, for a move to {@link AccountState#FLOOD_WAIT}; null otherwise
     * @throws IllegalArgumentException as the canonical constructor
     */
    public AccountEvent(String accountId, AccountState from, AccountState to, String reason, Instant at,
                        Instant until) {
        this(accountId, from, to, reason, at, until, 0, null, 0);
    }

    /**
     * The logged-in user's id after the change, when known.
     *
     * @return {@code userId}, empty when null
     */
    public Optional<Long> user() {
        return Optional.ofNullable(userId);
    }

    /**
     * The home DC as last known, when known.
     *
     * @return {@code dc}, empty when 0
     */
    public OptionalInt homeDc() {
        return dc == 0 ? OptionalInt.empty() : OptionalInt.of(dc);
    }

    /**
     * When the flood wait ends, for a move to {@link AccountState#FLOOD_WAIT}.
     *
     * @return {@code until}; empty for a move to any other state
     */
    public Optional<Instant> floodWaitUntil() {
        return Optional.ofNullable(until);
    }
}
