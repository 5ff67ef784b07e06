package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;
import java.util.Set;

/**
 * {@code LOGIN_STEP_INVALID}: a step of a {@link ResumableLogin} that does not fit the step the pending login
 * reached (a password while a code is awaited, a code after the account was logged in). Raised by this library,
 * not by the server; code 400.
 */
public class LoginStepException extends RpcException {
    private static final long serialVersionUID = 1L;
    /** The error name. */
    public static final String NAME = "LOGIN_STEP_INVALID";

    /** The steps the call fits. */
    private final Set<LoginStatus.Step> expected;
    /** The step the login is at. */
    private final LoginStatus.Step actual;

    /**
     * Creates the exception.
     *
     * @param expected the steps the call fits
     * @param actual the step the login is at
     */
    public LoginStepException(Set<LoginStatus.Step> expected, LoginStatus.Step actual) {
        super(400, NAME);
        this.expected = Set.copyOf(expected);
        this.actual = actual;
    }

    /** {@return the steps the call fits} */
    public Set<LoginStatus.Step> expected() {
        return expected;
    }

    /** {@return the step the login is at} */
    public LoginStatus.Step actual() {
        return actual;
    }

    /** {@return the error, the expected steps and the actual one} */
    @Override
    public String getMessage() {
        return super.getMessage() + ": expected step " + (expected.size() == 1 ? expected.iterator().next()
            : new java.util.TreeSet<>(expected)) + ", the login is at " + actual;
    }
}
