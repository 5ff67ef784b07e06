package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/** {@code PHONE_NUMBER_UNOCCUPIED}: No account uses this number yet: sign up. */
public class PhoneNumberUnoccupiedException extends RpcException {
    private static final long serialVersionUID = 1L;

    public PhoneNumberUnoccupiedException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
