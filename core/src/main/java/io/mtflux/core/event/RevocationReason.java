package io.mtflux.core.event;

import io.mtflux.core.rpc.RpcException;
import java.util.Optional;

/**
 * Why the server no longer accepts an account's authorization: the 401 errors that end a login and
 * {@code AUTH_KEY_DUPLICATED} (406), as https://core.telegram.org/api/errors describes them.
 */
public enum RevocationReason {
    /** 401: the key is not logged in (any more), e.g. this session was ended with account.resetAuthorization. */
    AUTH_KEY_UNREGISTERED(false),
    /** 401: the authorization was ended because the user ended all other sessions (auth.resetAuthorizations). */
    SESSION_REVOKED(false),
    /** 401: the authorization expired. */
    SESSION_EXPIRED(false),
    /** 401: the user deleted or deactivated the account. */
    USER_DEACTIVATED(false),
    /** 401: the account was banned. */
    USER_DEACTIVATED_BAN(false),
    /**
     * 406: the server saw the key used concurrently from elsewhere and stopped accepting it: the key is dropped and
     * a new one is made.
     */
    AUTH_KEY_DUPLICATED(true);

    private final boolean dropsKey;

    RevocationReason(boolean dropsKey) {
        this.dropsKey = dropsKey;
    }

    /** {@return whether the DC's auth key is unusable too (a new key must be made), not only the login} */
    public boolean dropsKey() {
        return dropsKey;
    }

    /**
     * The reason an rpc error names, if it is one of these (matched on the message, as Telegram's codes vary).
     *
     * @param error any error, e.g. a call's
     * @return the reason, or empty when {@code error} is not one of these rpc errors
     */
    public static Optional<RevocationReason> of(Throwable error) {
        if (!(error instanceof RpcException rpc)) {
            return Optional.empty();
        }
        for (RevocationReason r : values()) {
            if (r.name().equals(rpc.errorMessage())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
