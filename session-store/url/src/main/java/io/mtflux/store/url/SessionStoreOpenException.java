package io.mtflux.store.url;

/**
 * A well-formed session store value whose store cannot be opened: a database or Redis that cannot be reached, a
 * directory that does not exist. The message shows the value without its user name and password.
 */
public final class SessionStoreOpenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with this message.
     *
     * @param message what failed (no secret in it)
     */
    public SessionStoreOpenException(String message) {
        super(message);
    }
}
