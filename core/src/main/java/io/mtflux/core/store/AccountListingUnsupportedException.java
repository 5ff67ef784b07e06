package io.mtflux.core.store;

/**
 * The store cannot list the accounts it holds ({@link SessionStore#accountIds()}): e.g. a store of one file that
 * every account id maps to. The manager of many accounts then needs its account ids from elsewhere.
 */
public class AccountListingUnsupportedException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param store the store's name
     * @param why why it cannot list
     */
    public AccountListingUnsupportedException(String store, String why) {
        super(null, store + " cannot list its accounts: " + why);
    }
}
