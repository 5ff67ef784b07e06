package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/** {@code PHONE_NUMBER_BANNED}: The number is banned from Telegram. */
public class PhoneNumberBannedException extends RpcException {
    private static final long serialVersionUID = 1L;

    public PhoneNumberBannedException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
