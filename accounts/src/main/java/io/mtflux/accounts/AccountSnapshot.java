package io.mtflux.accounts;

import io.mtflux.core.store.PendingLogin;
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
 * @param homeDc the home DC of the account's session as last seen, 0 when unknown
 * @param lastError the name of the last login or call error ({@code PHONE_CODE_INVALID}, {@code FLOOD_WAIT},
 *     ...), or null
 * @param pendingStep the step of the login under way in the session, or null
 */
public record AccountSnapshot(String accountId, AccountState state, Instant since, Long userId,
                              Instant floodWaitUntil, long fence, boolean leased, int homeDc, String lastError,
                              PendingLogin.Step pendingStep) {
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
     * @param homeDc the home DC, 0 when unknown
     * @param lastError the last error's name, or null
     * @param pendingStep the pending login's step, or null
     * @throws NullPointerException if {@code accountId}, {@code state} or {@code since} is null
     */
    public AccountSnapshot {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    /**
     * A snapshot without the home DC, last error and pending step (the form before they were kept).
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
    public AccountSnapshot(String accountId, AccountState state, Instant since, Long userId, Instant floodWaitUntil,
                           long fence, boolean leased) {
        this(accountId, state, since, userId, floodWaitUntil, fence, leased, 0, null, null);
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
