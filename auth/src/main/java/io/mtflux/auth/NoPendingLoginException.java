package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/**
 * {@code LOGIN_NOT_STARTED}: a step of a {@link ResumableLogin} came while the account's stored session has no
 * login under way (none was started, or it was completed, cancelled or dropped). Raised by this library, not by
 * the server; code 400.
 */
public class NoPendingLoginException extends RpcException {
    private static final long serialVersionUID = 1L;
    /** The error name. */
    public static final String NAME = "LOGIN_NOT_STARTED";

    /** The account whose session has no pending login. */
    private final String accountId;

    /**
     * Creates the exception.
     *
     * @param accountId the account
     */
    public NoPendingLoginException(String accountId) {
        super(400, NAME);
        this.accountId = accountId;
    }

    /** {@return the account whose session has no pending login} */
    public String accountId() {
        return accountId;
    }

    /** {@return the error and the account} */
    @Override
    public String getMessage() {
        return super.getMessage() + ": account '" + accountId + "' has no login under way (send a code first)";
    }
}
