package io.mtflux.core.store;

/** A save based on a stale version: another writer stored the account in between. Reload and apply again. */
public class SessionConflictException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    private final long expectedVersion;
    private final long actualVersion;

    public SessionConflictException(String accountId, long expectedVersion, long actualVersion) {
        super(accountId, "session of account '" + accountId + "' is at version " + actualVersion
            + ", the save expected " + expectedVersion);
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long actualVersion() {
        return actualVersion;
    }
}
