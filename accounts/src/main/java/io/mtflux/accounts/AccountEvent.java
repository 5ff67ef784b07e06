package io.mtflux.accounts;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

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
 */
public record AccountEvent(String accountId, AccountState from, AccountState to, String reason, Instant at,
                           Instant until, long fence) {
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
    }

    /** An event without a lease (fence 0). */
    public AccountEvent(String accountId, AccountState from, AccountState to, String reason, Instant at,
                        Instant until) {
        this(accountId, from, to, reason, at, until, 0);
    }

    /** When the flood wait ends, for a move to {@link AccountState#FLOOD_WAIT}. */
    public Optional<Instant> floodWaitUntil() {
        return Optional.ofNullable(until);
    }
}
