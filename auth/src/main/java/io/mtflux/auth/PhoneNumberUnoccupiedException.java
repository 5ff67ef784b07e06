package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/** {@code PHONE_NUMBER_UNOCCUPIED}: No account uses this number yet: sign up. */
public class PhoneNumberUnoccupiedException extends RpcException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; {@link io.mtflux.auth.AuthErrors} picks it for {@code PHONE_NUMBER_UNOCCUPIED}.
     *
     * @param code the error code
     * @param errorMessage {@code PHONE_NUMBER_UNOCCUPIED}
     */
    public PhoneNumberUnoccupiedException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
