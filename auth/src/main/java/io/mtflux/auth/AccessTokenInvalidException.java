package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/** {@code ACCESS_TOKEN_INVALID}: The bot token is not valid. */
public class AccessTokenInvalidException extends RpcException {
    private static final long serialVersionUID = 1L;

    public AccessTokenInvalidException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
