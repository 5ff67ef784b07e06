package io.mtflux.accounts;

/** The manager has no account with this id (never added, or removed). */
public class UnknownAccountException extends AccountException {
    private static final long serialVersionUID = 1L;

    /**
     * A lookup of an id the manager does not have.
     *
     * @param accountId the id asked for
     */
    public UnknownAccountException(String accountId) {
        super(accountId, "no account " + accountId);
    }
}
