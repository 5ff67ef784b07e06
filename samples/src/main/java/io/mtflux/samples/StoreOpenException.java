package io.mtflux.samples;

/**
 * A session store named on the command line that cannot be opened: a database or Redis that cannot be reached, a
 * directory that does not exist. The message names the store without its password and never carries a secret.
 */
final class StoreOpenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreOpenException(String message) {
        super(message);
    }
}
