package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/**
 * {@code LOGIN_ATTEMPTS_EXCEEDED}: a {@link ResumableLogin} reached its bound of wrong codes or passwords; its
 * pending login was dropped (a new code must be sent). Raised by this library, not by the server; code 400. The
 * cause is the last wrong answer's error ({@link PhoneCodeInvalidException} or
 * {@link PasswordHashInvalidException}).
 */
public class LoginAttemptsExceededException extends RpcException {
    private static final long serialVersionUID = 1L;
    /** The error name. */
    public static final String NAME = "LOGIN_ATTEMPTS_EXCEEDED";

    /** The bound that was reached. */
    private final int maxAttempts;
    /** The last wrong answer's error. */
    private final RpcException last;

    /**
     * Creates the exception.
     *
     * @param maxAttempts the bound that was reached
     * @param last the last wrong answer's error
     */
    public LoginAttemptsExceededException(int maxAttempts, RpcException last) {
        super(400, NAME);
        this.maxAttempts = maxAttempts;
        this.last = last;
    }

    /** {@return the last wrong answer's error (RPC exceptions are made without a cause, so it is kept here)} */
    @Override
    public synchronized Throwable getCause() {
        return last;
    }

    /** {@return the bound of wrong attempts that was reached} */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** {@return the error and the bound} */
    @Override
    public String getMessage() {
        return super.getMessage() + ": " + maxAttempts + " wrong attempts; the pending login was dropped";
    }
}
