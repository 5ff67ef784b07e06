package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/** {@code PHONE_CODE_INVALID}: The code is wrong. */
public class PhoneCodeInvalidException extends RpcException {
    private static final long serialVersionUID = 1L;

    /** Wrong tries left before a resumable login's pending login is dropped; -1 when not counted. */
    private final int attemptsLeft;

    /**
     * Creates the exception; {@link io.mtflux.auth.AuthErrors} picks it for {@code PHONE_CODE_INVALID}.
     *
     * @param code the error code
     * @param errorMessage {@code PHONE_CODE_INVALID}
     */
    public PhoneCodeInvalidException(int code, String errorMessage) {
        super(code, errorMessage);
        this.attemptsLeft = -1;
    }

    /**
     * The exception of a resumable login's step ({@link ResumableLogin}), saying how many wrong tries remain
     * before the pending login is dropped.
     *
     * @param code the error code
     * @param errorMessage {@code PHONE_CODE_INVALID}
     * @param attemptsLeft wrong tries left, not negative
     */
    public PhoneCodeInvalidException(int code, String errorMessage, int attemptsLeft) {
        super(code, errorMessage);
        this.attemptsLeft = attemptsLeft;
    }

    /** {@return how many wrong tries remain before the pending login is dropped, when a resumable login counts} */
    public java.util.OptionalInt attemptsLeft() {
        return attemptsLeft < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(attemptsLeft);
    }

    /** {@return the error, and the tries left when counted (never the code itself)} */
    @Override
    public String getMessage() {
        return attemptsLeft < 0 ? super.getMessage() : super.getMessage() + " (" + attemptsLeft + " attempts left)";
    }
}
