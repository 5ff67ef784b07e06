package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/** {@code PHONE_CODE_EMPTY}: The code was empty. */
public class PhoneCodeEmptyException extends RpcException {
    private static final long serialVersionUID = 1L;

    public PhoneCodeEmptyException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
