package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/** {@code PASSWORD_HASH_INVALID}: The 2FA password is wrong. */
public class PasswordHashInvalidException extends RpcException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; {@link io.mtflux.auth.AuthErrors} picks it for {@code PASSWORD_HASH_INVALID}.
     *
     * @param code the error code
     * @param errorMessage {@code PASSWORD_HASH_INVALID}
     */
    public PasswordHashInvalidException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
