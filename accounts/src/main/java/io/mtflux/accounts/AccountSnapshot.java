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
 */
public record AccountSnapshot(String accountId, AccountState state, Instant since, Long userId,
                              Instant floodWaitUntil) {
    public AccountSnapshot {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    /** The logged-in user's id, when known. */
    public Optional<Long> user() {
        return Optional.ofNullable(userId);
    }
}
