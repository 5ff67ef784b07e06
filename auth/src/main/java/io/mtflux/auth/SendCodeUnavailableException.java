package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/**
 * {@code SEND_CODE_UNAVAILABLE} (406): {@code auth.resendCode} has no other way left to send the code
 * (https://core.telegram.org/method/auth.resendCode); the code already sent still works.
 */
public class SendCodeUnavailableException extends RpcException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; {@link io.mtflux.auth.AuthErrors} picks it for {@code SEND_CODE_UNAVAILABLE}.
     *
     * @param code the error code
     * @param errorMessage {@code SEND_CODE_UNAVAILABLE}
     */
    public SendCodeUnavailableException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
