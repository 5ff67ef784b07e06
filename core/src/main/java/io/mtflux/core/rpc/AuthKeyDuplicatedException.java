package io.mtflux.core.rpc;

/**
 * {@code 406 AUTH_KEY_DUPLICATED}: the server saw the auth key used concurrently from elsewhere and no longer
 * accepts it; the key must be dropped and a new one made (the client does that itself for its own calls).
 */
public class AuthKeyDuplicatedException extends RpcException {
    private static final long serialVersionUID = 1L;

    /** The message the server sends. */
    public static final String MESSAGE = "AUTH_KEY_DUPLICATED";

    /**
     * Creates the exception.
     *
     * @param code the error code (406)
     * @param errorMessage {@value #MESSAGE}
     */
    public AuthKeyDuplicatedException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
