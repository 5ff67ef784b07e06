package io.mtflux.auth;

/** {@code PHONE_CODE_INVALID}: The code is wrong. */
public class PhoneCodeInvalidException extends WrongAnswerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; {@link io.mtflux.auth.AuthErrors} picks it for {@code PHONE_CODE_INVALID}.
     *
     * @param code the error code
     * @param errorMessage {@code PHONE_CODE_INVALID}
     */
    public PhoneCodeInvalidException(int code, String errorMessage) {
        super(code, errorMessage, -1);
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
        super(code, errorMessage, attemptsLeft);
    }
}
