package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/** {@code PHONE_CODE_INVALID}: The code is wrong. */
public class PhoneCodeInvalidException extends RpcException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; {@link io.mtflux.auth.AuthErrors} picks it for {@code PHONE_CODE_INVALID}.
     *
     * @param code the error code
     * @param errorMessage {@code PHONE_CODE_INVALID}
     */
    public PhoneCodeInvalidException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
