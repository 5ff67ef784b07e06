package io.mtflux.store.url;

/** The forms of a session store value, in the order {@link SessionStores} tries them. */
public enum StoreForm {
    /** {@code string:[TEXT]}: in memory, for one account (the text, if any, is put by the caller). */
    STRING,
    /** A path that is not an existing directory: one session file. */
    FILE,
    /** An existing directory: one {@code ACCOUNT.session} file per account. */
    DIRECTORY,
    /** {@code r2dbc:...}: a database. */
    DATABASE,
    /** {@code redis://...} or {@code rediss://...}. */
    REDIS;

    /** {@return whether several processes can share a store of this form (a directory, a database, Redis)} */
    public boolean shared() {
        return this == DIRECTORY || this == DATABASE || this == REDIS;
    }
}
