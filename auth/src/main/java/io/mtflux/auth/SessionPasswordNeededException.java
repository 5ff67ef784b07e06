package io.mtflux.auth;

import io.mtflux.core.rpc.UnauthorizedException;

/** {@code SESSION_PASSWORD_NEEDED} (401): the account has 2FA; continue with {@code checkPassword}. */
public class SessionPasswordNeededException extends UnauthorizedException {
    private static final long serialVersionUID = 1L;

    public SessionPasswordNeededException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
