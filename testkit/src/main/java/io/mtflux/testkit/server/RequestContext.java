package io.mtflux.testkit.server;

import io.mtflux.core.tl.TlObject;

/**
 * Who asked: the DC, the auth key (with its stored authorization and layer), the session, the msg_id of the
 * query, and a way to push a message (an update) to that session.
 */
public interface RequestContext {

    /**
     * {@return the DC that received the query}
     */
    int dcId();

    /**
     * {@return the auth key the query was encrypted with}
     */
    ServerAuthKey authKey();

    /**
     * The key whose authorization the query acts with: the permanent key when the query came over a temporary key
     * bound to it (https://core.telegram.org/api/pfs), else {@link #authKey()}.
     *
     * @return the key that holds the authorization
     */
    default ServerAuthKey authorizationKey() {
        return authKey().authorizationKey();
    }

    /**
     * {@return the client's session id}
     */
    long sessionId();

    /**
     * {@return the msg_id of the query}
     */
    long msgId();

    /** {@return the layer the connection announced with invokeWithLayer (0 when none yet)} */
    int layer();

    /**
     * Pushes a content-related message (e.g. an {@code Updates}) to this session.
     *
     * @param message the message, e.g. an {@code Updates}
     */
    void push(TlObject message);
}
