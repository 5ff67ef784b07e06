package io.mtflux.core.store;

/**
 * The base of the typed errors a {@link SessionStore} or {@link SessionLeases} reports. Messages name the account
 * and what is wrong, never a key, a salt or any other secret.
 */
public class SessionStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The account, or null when the error is about the store as a whole. */
    private final String accountId;

    /**
     * Creates the exception.
     *
     * @param accountId the account, or null when the error is about the store as a whole
     * @param message what is wrong, never a secret
     */
    public SessionStoreException(String accountId, String message) {
        super(message);
        this.accountId = accountId;
    }

    /**
     * Creates the exception with its cause.
     *
     * @param accountId the account, or null when the error is about the store as a whole
     * @param message what is wrong, never a secret
     * @param cause the underlying failure
     */
    public SessionStoreException(String accountId, String message, Throwable cause) {
        super(message, cause);
        this.accountId = accountId;
    }

    /** {@return the account the error is about (null when it is about the store as a whole)} */
    public String accountId() {
        return accountId;
    }
}
