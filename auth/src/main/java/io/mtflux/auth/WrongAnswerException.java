package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;
import java.util.OptionalInt;

/**
 * A wrong answer to a login's question ({@code PHONE_CODE_INVALID}, {@code PASSWORD_HASH_INVALID}): in a
 * {@link ResumableLogin} it also says how many wrong tries remain before the pending login is dropped. The
 * message never holds the answer itself.
 */
public abstract class WrongAnswerException extends RpcException {
    private static final long serialVersionUID = 1L;

    /** Wrong tries left before a resumable login's pending login is dropped; -1 when not counted. */
    private final int attemptsLeft;

    /**
     * Creates the exception.
     *
     * @param code the error code
     * @param errorMessage the error name
     * @param attemptsLeft wrong tries left, or -1 when the login does not count them
     */
    protected WrongAnswerException(int code, String errorMessage, int attemptsLeft) {
        super(code, errorMessage);
        this.attemptsLeft = attemptsLeft;
    }

    /** {@return how many wrong tries remain before the pending login is dropped, when a resumable login counts} */
    public OptionalInt attemptsLeft() {
        return attemptsLeft < 0 ? OptionalInt.empty() : OptionalInt.of(attemptsLeft);
    }

    /** {@return the error, and the tries left when counted (never the answer itself)} */
    @Override
    public String getMessage() {
        return attemptsLeft < 0 ? super.getMessage() : super.getMessage() + " (" + attemptsLeft + " attempts left)";
    }
}
