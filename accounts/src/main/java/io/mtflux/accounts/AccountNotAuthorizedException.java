package io.mtflux.accounts;

/**
 * {@code invoke} on an account that is not logged in: not {@link AccountState#AUTHORIZED}, nor waiting out a flood
 * wait or a reconnect on its way back there.
 */
public class AccountNotAuthorizedException extends AccountStateException {
    private static final long serialVersionUID = 1L;

    /**
     * A call refused for an account that is not logged in.
     *
     * @param accountId the account
     * @param state its state when the call was refused
     */
    public AccountNotAuthorizedException(String accountId, AccountState state) {
        super(accountId, state, "calls need a logged-in account");
    }
}
