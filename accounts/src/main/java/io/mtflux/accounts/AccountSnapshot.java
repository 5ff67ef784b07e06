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
    /**
     * Checks that the account, the state and its start are set.
     *
     * @param accountId the account
     * @param state its state
     * @param since when it entered that state
     * @param userId the logged-in user, or null
     * @param floodWaitUntil in {@link AccountState#FLOOD_WAIT}: when the wait ends; else null
     * @param fence the fencing token of the account's current (or last) lease here; 0 without one
     * @param leased whether this instance holds the account's lease now
     * @throws NullPointerException if {@code accountId}, {@code state} or {@code since} is null
     */
    public AccountSnapshot {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    /**
     * A snapshot without a lease (fence 0, not leased).
     *
     * @param accountId the account
     * @param state its state
     * @param since when it entered that state
     * @param userId the logged-in user, or null
     * @param floodWaitUntil in {@link AccountState#FLOOD_WAIT}: when the wait ends; else null
     * @throws NullPointerException if {@code accountId}, {@code state} or {@code since} is null
     */
    public AccountSnapshot(String accountId, AccountState state, Instant since, Long userId, Instant floodWaitUntil) {
        this(accountId, state, since, userId, floodWaitUntil, 0, false);
    }

    /**
     * The logged-in user's id, when known.
     *
     * @return {@code userId}, empty when null
     */
    public Optional<Long> user() {
        return Optional.ofNullable(userId);
    }
}
