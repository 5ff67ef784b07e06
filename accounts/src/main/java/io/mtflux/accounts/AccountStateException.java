package io.mtflux.accounts;

/**
 * The account is not in a state that allows the operation: a call on an account that is not logged in
 * ({@link AccountNotAuthorizedException}), or a login of a banned, lease-less or already logging-in account.
 */
public class AccountStateException extends AccountException {
    private static final long serialVersionUID = 1L;
    private final transient AccountState state;

    /**
     * An operation refused in the account's current state.
     *
     * @param accountId the account
     * @param state its state when the operation was refused
     * @param what why the operation needs another state, in words (it follows the account and the state in the
     *     message)
     */
    public AccountStateException(String accountId, AccountState state, String what) {
        super(accountId, "account " + accountId + " is " + state + ": " + what);
        this.state = state;
    }

    /**
     * The account's state when it was refused.
     *
     * @return that state
     */
    public AccountState state() {
        return state;
    }
}
