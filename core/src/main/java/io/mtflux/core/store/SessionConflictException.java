package io.mtflux.core.store;

/** A save based on a stale version: another writer stored the account in between. Reload and apply again. */
public class SessionConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String accountId;
    private final long expectedVersion;
    private final long actualVersion;

    public SessionConflictException(String accountId, long expectedVersion, long actualVersion) {
        super("session of account '" + accountId + "' is at version " + actualVersion + ", the save expected "
            + expectedVersion);
        this.accountId = accountId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public String accountId() {
        return accountId;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long actualVersion() {
        return actualVersion;
    }
}
