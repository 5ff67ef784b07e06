package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/** {@code ACCESS_TOKEN_INVALID}: The bot token is not valid. */
public class AccessTokenInvalidException extends RpcException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; {@link io.mtflux.auth.AuthErrors} picks it for {@code ACCESS_TOKEN_INVALID}.
     *
     * @param code the error code
     * @param errorMessage {@code ACCESS_TOKEN_INVALID} or {@code ACCESS_TOKEN_EXPIRED}
     */
    public AccessTokenInvalidException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
