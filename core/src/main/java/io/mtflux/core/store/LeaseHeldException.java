package io.mtflux.core.store;

/** {@link SessionLeases#acquire} found a lease on the account that has not expired (held by another owner). */
public class LeaseHeldException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    /** Who holds the lease, or null. */
    private final String holder;

    /**
     * Creates the exception.
     *
     * @param accountId the account
     * @param holder who holds the lease, or null when the store does not know
     */
    public LeaseHeldException(String accountId, String holder) {
        super(accountId, "account '" + accountId + "' is leased by " + (holder == null ? "another owner"
            : "'" + holder + "'"));
        this.holder = holder;
    }

    /** {@return who holds the lease, when the store knows (null otherwise)} */
    public String holder() {
        return holder;
    }
}
