package io.mtflux.accounts;

/** {@code add} for an id the manager already has. */
public class AccountExistsException extends AccountException {
    private static final long serialVersionUID = 1L;

    /**
     * An {@code add} refused for a taken id.
     *
     * @param accountId the id already in the manager
     */
    public AccountExistsException(String accountId) {
        super(accountId, "account " + accountId + " was already added");
    }
}
