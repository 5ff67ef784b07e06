package io.mtflux.testkit.server;

import io.mtflux.core.tl.TlObject;

/**
 * Who asked: the DC, the auth key (with its stored authorization and layer), the session, the msg_id of the
 * query, and a way to push a message (an update) to that session.
 */
public interface RequestContext {

    int dcId();

    ServerAuthKey authKey();

    long sessionId();

    long msgId();

    /** The layer the connection announced with invokeWithLayer (0 when none yet). */
    int layer();

    /** Pushes a content-related message (e.g. an {@code Updates}) to this session. */
    void push(TlObject message);
}
