package io.mtflux.core.event;

import java.util.Objects;

/**
 * The server ended a logged-in account's authorization. By the time this is emitted the session store says the
 * account is logged out (no user, no DC marked authorized); the auth keys are kept (they can log in again), except
 * for {@link RevocationReason#AUTH_KEY_DUPLICATED}, where the key of {@code dcId} is dropped and the next call there
 * makes a new one. Emitted once per revocation: later 401s of the logged-out session emit nothing.
 *
 * @param accountId the client's account id in its session store
 * @param dcId the DC whose answer told
 * @param reason the error the server answered
 * @param userId the user the session was logged in as
 * @param keyDropped whether the DC's auth key was dropped
 */
public record SessionRevoked(String accountId, int dcId, RevocationReason reason, long userId, boolean keyDropped)
    implements ClientEvent {
    /**
     * Checks that the account and the reason are set.
     *
     * @param accountId the client's account id in its session store
     * @param dcId the DC whose answer told
     * @param reason the error the server answered
     * @param userId the user the session was logged in as
     * @param keyDropped whether the DC's auth key was dropped
     * @throws NullPointerException if {@code accountId} or {@code reason} is null
     */
    public SessionRevoked {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(reason, "reason");
    }
}
