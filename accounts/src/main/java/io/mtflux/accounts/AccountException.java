package io.mtflux.accounts;

/** An account operation refused by the manager; the message names the account, never a secret. */
public class AccountException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String accountId;

    public AccountException(String accountId, String message) {
        super(message);
        this.accountId = accountId;
    }

    /** The account concerned. */
    public String accountId() {
        return accountId;
    }
}
