package io.mtflux.auth;

/** {@code PASSWORD_HASH_INVALID}: The 2FA password is wrong. */
public class PasswordHashInvalidException extends WrongAnswerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; {@link io.mtflux.auth.AuthErrors} picks it for {@code PASSWORD_HASH_INVALID}.
     *
     * @param code the error code
     * @param errorMessage {@code PASSWORD_HASH_INVALID}
     */
    public PasswordHashInvalidException(int code, String errorMessage) {
        super(code, errorMessage, -1);
    }

    /**
     * The exception of a resumable login's step ({@link ResumableLogin}), saying how many wrong tries remain
     * before the pending login is dropped.
     *
     * @param code the error code
     * @param errorMessage {@code PASSWORD_HASH_INVALID}
     * @param attemptsLeft wrong tries left, not negative
     */
    public PasswordHashInvalidException(int code, String errorMessage, int attemptsLeft) {
        super(code, errorMessage, attemptsLeft);
    }
}
