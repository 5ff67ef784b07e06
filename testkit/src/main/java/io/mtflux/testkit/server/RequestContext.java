package io.mtflux.testkit.server;

import io.mtflux.core.tl.TlObject;

/**
 * Who asked: the DC, the auth key (with its stored authorization and layer), the session, the msg_id of the
 * query, and a way to push a message (an update) to that session.
 */
public interface RequestContext {

    int dcId();

    ServerAuthKey authKey();

    /**
     * The key whose authorization the query acts with: the permanent key when the query came over a temporary key
     * bound to it (https://core.telegram.org/api/pfs), else {@link #authKey()}.
     */
    default ServerAuthKey authorizationKey() {
        return authKey().authorizationKey();
    }

    long sessionId();

    long msgId();

    /** The layer the connection announced with invokeWithLayer (0 when none yet). */
    int layer();

    /** Pushes a content-related message (e.g. an {@code Updates}) to this session. */
    void push(TlObject message);
}
