package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/** {@code PHONE_CODE_EXPIRED}: The code expired (or too many wrong tries): request a new one. */
public class PhoneCodeExpiredException extends RpcException {
    private static final long serialVersionUID = 1L;

    public PhoneCodeExpiredException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
