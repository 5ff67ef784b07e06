package io.mtflux.accounts;

import io.mtflux.core.tl.api.User;
import java.util.Objects;
import java.util.Optional;

/**
 * How one account's login in a pipeline ended: the logged-in user, or the typed error (an auth error such as
 * {@code PhoneNumberBannedException}, a {@code FloodWaitException} past the manager's limits, an
 * {@link AccountStateException}, ...).
 *
 * @param accountId the account
 * @param user the user, when logged in
 * @param error the error, when not
 */
public record LoginResult(String accountId, User user, Throwable error) {
    /**
     * Checks that the result is either a user or an error.
     *
     * @param accountId the account
     * @param user the user, when logged in; else null
     * @param error the error, when not; else null
     * @throws NullPointerException if {@code accountId} is null
     * @throws IllegalArgumentException unless exactly one of {@code user} and {@code error} is set
     */
    public LoginResult {
        Objects.requireNonNull(accountId, "accountId");
        if ((user == null) == (error == null)) {
            throw new IllegalArgumentException("a login result is a user or an error");
        }
    }

    static LoginResult ok(String accountId, User user) {
        return new LoginResult(accountId, Objects.requireNonNull(user, "user"), null);
    }

    static LoginResult failed(String accountId, Throwable error) {
        return new LoginResult(accountId, null, Objects.requireNonNull(error, "error"));
    }

    /**
     * Whether the account is logged in.
     *
     * @return true when the result holds the user
     */
    public boolean isAuthorized() {
        return user != null;
    }

    /**
     * The error, when the login failed.
     *
     * @return {@code error}, empty when the account is logged in
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return "LoginResult{" + accountId + ", " + (user != null ? "authorized"
            : error.getClass().getSimpleName() + ": " + error.getMessage()) + "}";
    }
}
