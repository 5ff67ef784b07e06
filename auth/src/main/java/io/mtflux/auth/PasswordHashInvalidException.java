package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/** {@code PASSWORD_HASH_INVALID}: The 2FA password is wrong. */
public class PasswordHashInvalidException extends RpcException {
    private static final long serialVersionUID = 1L;

    public PasswordHashInvalidException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
