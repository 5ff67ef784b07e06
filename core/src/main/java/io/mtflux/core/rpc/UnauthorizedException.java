package io.mtflux.core.rpc;

/**
 * The 401 family: {@code AUTH_KEY_UNREGISTERED} (the key is not logged in), {@code SESSION_REVOKED},
 * {@code SESSION_EXPIRED}, {@code USER_DEACTIVATED}, {@code USER_DEACTIVATED_BAN}, {@code AUTH_KEY_PERM_EMPTY}, and
 * {@code SESSION_PASSWORD_NEEDED} (the 2FA step of a login). For a logged-in account the client turns the ones that
 * end a login into a logged-out session and a {@code SessionRevoked} event ({@code io.mtflux.core.event}).
 */
public class UnauthorizedException extends RpcException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param code the error code (401)
     * @param errorMessage the message, e.g. {@code AUTH_KEY_UNREGISTERED}
     */
    public UnauthorizedException(int code, String errorMessage) {
        super(code, errorMessage);
    }

    /** {@return true for {@code SESSION_PASSWORD_NEEDED}: the login continues with the 2FA password} */
    public boolean isPasswordNeeded() {
        return errorMessage().equals("SESSION_PASSWORD_NEEDED");
    }

    /** {@return true when the key is simply not logged in yet ({@code AUTH_KEY_UNREGISTERED})} */
    public boolean isUnregistered() {
        return errorMessage().equals("AUTH_KEY_UNREGISTERED");
    }
}
