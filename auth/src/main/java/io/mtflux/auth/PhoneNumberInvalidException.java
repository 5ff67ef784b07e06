package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/** {@code PHONE_NUMBER_INVALID}: The phone number is not valid. */
public class PhoneNumberInvalidException extends RpcException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; {@link io.mtflux.auth.AuthErrors} picks it for {@code PHONE_NUMBER_INVALID}.
     *
     * @param code the error code
     * @param errorMessage {@code PHONE_NUMBER_INVALID}
     */
    public PhoneNumberInvalidException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
