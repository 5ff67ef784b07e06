package io.mtflux.accounts;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One account as the manager sees it at one moment.
 *
 * @param accountId the account
 * @param state its state
 * @param since when it entered that state
 * @param userId the logged-in user, when known (from the session or the last login)
 * @param floodWaitUntil in {@link AccountState#FLOOD_WAIT}: when the wait ends; else null
 * @param fence with leases: the fencing token of the account's current (or last) lease here; 0 without one
 * @param leased whether this instance holds the account's lease now
 */
public record AccountSnapshot(String accountId, AccountState state, Instant since, Long userId,
                              Instant floodWaitUntil, long fence, boolean leased) {
    public AccountSnapshot {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    /** A snapshot without a lease. */
    public AccountSnapshot(String accountId, AccountState state, Instant since, Long userId, Instant floodWaitUntil) {
        this(accountId, state, since, userId, floodWaitUntil, 0, false);
    }

    /** The logged-in user's id, when known. */
    public Optional<Long> user() {
        return Optional.ofNullable(userId);
    }
}
