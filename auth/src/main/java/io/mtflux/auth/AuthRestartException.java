package io.mtflux.auth;

import io.mtflux.core.rpc.InternalServerException;

/** {@code AUTH_RESTART} (500): the login must start over from {@code auth.sendCode}. */
public class AuthRestartException extends InternalServerException {
    private static final long serialVersionUID = 1L;

    public AuthRestartException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
