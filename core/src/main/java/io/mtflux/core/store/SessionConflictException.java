package io.mtflux.core.store;

/** A save based on a stale version: another writer stored the account in between. Reload and apply again. */
public class SessionConflictException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    /** The version the save was based on. */
    private final long expectedVersion;
    /** The version stored. */
    private final long actualVersion;

    /**
     * Creates the exception.
     *
     * @param accountId the account
     * @param expectedVersion the version the save was based on
     * @param actualVersion the version stored
     */
    public SessionConflictException(String accountId, long expectedVersion, long actualVersion) {
        super(accountId, "session of account '" + accountId + "' is at version " + actualVersion
            + ", the save expected " + expectedVersion);
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    /**
     * {@return the version the save was based on}
     */
    public long expectedVersion() {
        return expectedVersion;
    }

    /**
     * {@return the version stored when the save was attempted}
     */
    public long actualVersion() {
        return actualVersion;
    }
}
