package io.mtflux.accounts;

/** An account operation refused by the manager; the message names the account, never a secret. */
public class AccountException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The id of the account the operation was refused for. */
    private final String accountId;

    /**
     * An error about one account.
     *
     * @param accountId the account concerned
     * @param message what was refused and why; it may name the account, never a secret
     */
    public AccountException(String accountId, String message) {
        super(message);
        this.accountId = accountId;
    }

    /**
     * The account concerned.
     *
     * @return its id
     */
    public String accountId() {
        return accountId;
    }
}
