package io.mtflux.core.store;

/**
 * The base of the typed errors a {@link SessionStore} or {@link SessionLeases} reports. Messages name the account
 * and what is wrong, never a key, a salt or any other secret.
 */
public class SessionStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String accountId;

    public SessionStoreException(String accountId, String message) {
        super(message);
        this.accountId = accountId;
    }

    public SessionStoreException(String accountId, String message, Throwable cause) {
        super(message, cause);
        this.accountId = accountId;
    }

    /** The account the error is about (null when it is about the store as a whole). */
    public String accountId() {
        return accountId;
    }
}
