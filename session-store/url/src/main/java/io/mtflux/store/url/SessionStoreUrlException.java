package io.mtflux.store.url;

/**
 * A session store value of no known form, or a malformed one. The message shows the value without its user name
 * and password.
 */
public class SessionStoreUrlException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with this message.
     *
     * @param message what is wrong (no secret in it)
     */
    public SessionStoreUrlException(String message) {
        super(message);
    }
}
