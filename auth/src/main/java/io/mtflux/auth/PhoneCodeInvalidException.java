package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/** {@code PHONE_CODE_INVALID}: The code is wrong. */
public class PhoneCodeInvalidException extends RpcException {
    private static final long serialVersionUID = 1L;

    public PhoneCodeInvalidException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
