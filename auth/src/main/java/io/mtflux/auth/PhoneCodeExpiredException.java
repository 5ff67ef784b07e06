package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/** {@code PHONE_CODE_EXPIRED}: The code expired (or too many wrong tries): request a new one. */
public class PhoneCodeExpiredException extends RpcException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; {@link io.mtflux.auth.AuthErrors} picks it for {@code PHONE_CODE_EXPIRED}.
     *
     * @param code the error code
     * @param errorMessage {@code PHONE_CODE_EXPIRED}
     */
    public PhoneCodeExpiredException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
