package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/** {@code PHONE_NUMBER_BANNED}: The number is banned from Telegram. */
public class PhoneNumberBannedException extends RpcException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; {@link io.mtflux.auth.AuthErrors} picks it for {@code PHONE_NUMBER_BANNED}.
     *
     * @param code the error code
     * @param errorMessage {@code PHONE_NUMBER_BANNED}
     */
    public PhoneNumberBannedException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
