package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/** {@code PHONE_CODE_EMPTY}: The code was empty. */
public class PhoneCodeEmptyException extends RpcException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; {@link io.mtflux.auth.AuthErrors} picks it for {@code PHONE_CODE_EMPTY}.
     *
     * @param code the error code
     * @param errorMessage {@code PHONE_CODE_EMPTY}
     */
    public PhoneCodeEmptyException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
