package io.mtflux.auth;

import io.mtflux.core.rpc.InternalServerException;

/** {@code AUTH_RESTART} (500): the login must start over from {@code auth.sendCode}. */
public class AuthRestartException extends InternalServerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; {@link io.mtflux.auth.AuthErrors} picks it for {@code AUTH_RESTART}.
     *
     * @param code the error code
     * @param errorMessage {@code AUTH_RESTART}
     */
    public AuthRestartException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
