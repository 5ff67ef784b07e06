package io.mtflux.auth;

import io.mtflux.core.rpc.UnauthorizedException;

/** {@code SESSION_PASSWORD_NEEDED} (401): the account has 2FA; continue with {@code checkPassword}. */
public class SessionPasswordNeededException extends UnauthorizedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; {@link io.mtflux.auth.AuthErrors} picks it for {@code SESSION_PASSWORD_NEEDED}.
     *
     * @param code the error code
     * @param errorMessage {@code SESSION_PASSWORD_NEEDED}
     */
    public SessionPasswordNeededException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
