package io.mtflux.core.event;

import java.util.Objects;

/**
 * One of the client's DC connections moved to another {@link ConnectionState}: emitted once per change, in order
 * for each DC (a reconnect is {@code DISCONNECTED}, {@code CONNECTING}, then {@code READY} or {@code DISCONNECTED}
 * again).
 *
 * @param accountId the client's account id in its session store
 * @param dcId the DC of the connection
 * @param homeDc whether {@code dcId} was the account's home DC at that moment
 * @param state the state it moved to
 */
public record ConnectionStateChanged(String accountId, int dcId, boolean homeDc, ConnectionState state)
    implements ClientEvent {
    /**
     * Checks that the account and the state are set.
     *
     * @param accountId the client's account id in its session store
     * @param dcId the DC of the connection
     * @param homeDc whether {@code dcId} was the account's home DC at that moment
     * @param state the state it moved to
     * @throws NullPointerException if {@code accountId} or {@code state} is null
     */
    public ConnectionStateChanged {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(state, "state");
    }
}
