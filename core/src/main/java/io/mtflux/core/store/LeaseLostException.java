package io.mtflux.core.store;

/**
 * The lease is no longer the account's current lease: it expired, was released, or another owner acquired the
 * account since (a newer fencing token exists). Nothing was written; the holder must stop writing this account.
 */
public class LeaseLostException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    /** The fencing token of the lost lease. */
    private final long fencingToken;

    /**
     * Creates the exception.
     *
     * @param accountId the account
     * @param fencingToken the token of the lost lease
     * @param why expired, released or taken over
     */
    public LeaseLostException(String accountId, long fencingToken, String why) {
        super(accountId, "lease " + fencingToken + " of account '" + accountId + "' is lost: " + why);
        this.fencingToken = fencingToken;
    }

    /** {@return the fencing token of the lost lease} */
    public long fencingToken() {
        return fencingToken;
    }
}
