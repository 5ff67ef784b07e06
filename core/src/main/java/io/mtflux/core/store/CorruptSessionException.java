package io.mtflux.core.store;

/**
 * The stored data of an account cannot be read as a {@link SessionState}: truncated, a bad checksum or tag, an
 * unknown format version, a field out of range. The store leaves the data as it is for inspection; the message
 * names what is wrong, never the data itself.
 */
public class CorruptSessionException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param accountId the account
     * @param problem what is wrong, never the data
     */
    public CorruptSessionException(String accountId, String problem) {
        super(accountId, "stored session of account '" + accountId + "' is unreadable: " + problem);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param accountId the account
     * @param problem what is wrong, never the data
     * @param cause the failure that revealed it
     */
    public CorruptSessionException(String accountId, String problem, Throwable cause) {
        super(accountId, "stored session of account '" + accountId + "' is unreadable: " + problem, cause);
    }
}
