package io.mtflux.testkit.server;

import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.handshake.TempKeyBinding;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.tl.api.auth.AuthBindTempAuthKey;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of auth.bindTempAuthKey (https://core.telegram.org/method/auth.bindTempAuthKey,
 * https://core.telegram.org/api/pfs) for one DC: checks the query against the key and session it came in and binds
 * the temporary key to the permanent one. Each permanent key has at most one temporary key bound to it: a new
 * binding replaces the previous one, whose key is unbound from then on. Bindings change under this object's lock.
 */
final class TempKeyBindings {
    private static final Logger LOG = LoggerFactory.getLogger(TempKeyBindings.class);

    /** What an unbound temporary key may call (https://core.telegram.org/api/pfs); anything else: 401. */
    private static final Set<String> ALLOWED_UNBOUND = Set.of("auth.bindTempAuthKey", "help.getConfig",
        "help.getNearestDc");

    private final LongFunction<ServerAuthKey> keys;
    private final LongSupplier clusterMillis;
    private final LongSupplier wireMillis;
    private final KeyLog log;

    /**
     * @param keys the DC's live keys by id (null for unknown or expired)
     * @param clusterMillis the cluster's clock, which temporary keys expire by
     * @param wireMillis the server time clients see (server_time, msg_ids), which expires_at is written in
     * @param log where bindings are counted
     */
    TempKeyBindings(LongFunction<ServerAuthKey> keys, LongSupplier clusterMillis, LongSupplier wireMillis,
                    KeyLog log) {
        this.keys = keys;
        this.clusterMillis = clusterMillis;
        this.wireMillis = wireMillis;
        this.log = log;
    }

    /**
     * The answer a temporary key not bound to a permanent one gets for {@code method}: null when the method is
     * allowed, else 401 AUTH_KEY_PERM_EMPTY.
     */
    static RpcException refusalOfUnbound(ServerAuthKey key, String method) {
        if (key.temporary() && key.boundPermanent() == null && !ALLOWED_UNBOUND.contains(method)) {
            return RpcException.of(401, "AUTH_KEY_PERM_EMPTY");
        }
        return null;
    }

    /**
     * Runs auth.bindTempAuthKey received over {@code temporary} in session {@code sessionId} as message
     * {@code msgId}.
     *
     * @return {@code Boolean.TRUE}
     * @throws RpcException 400 TEMP_AUTH_KEY_EMPTY (sent over a permanent key), ENCRYPTED_MESSAGE_INVALID (an
     *     unknown or temporary perm_auth_key_id, or encrypted_message that does not decrypt with it or does not
     *     name this nonce, temporary key, permanent key, session, expires_at and msg_id), EXPIRES_AT_INVALID
     *     (expires_at already past), TEMP_AUTH_KEY_ALREADY_BOUND (bound to another permanent key)
     */
    Object bind(ServerAuthKey temporary, long sessionId, long msgId, AuthBindTempAuthKey request) {
        if (!temporary.temporary()) {
            throw RpcException.of(400, "TEMP_AUTH_KEY_EMPTY");
        }
        ServerAuthKey permanent = keys.apply(request.permAuthKeyId());
        if (permanent == null || permanent.temporary()) {
            // what a client sees when the DC lost its permanent key: it then creates a new one
            throw RpcException.of(400, "ENCRYPTED_MESSAGE_INVALID");
        }
        try {
            TempKeyBinding.verify(request, permanent.key(), temporary.key(), sessionId, msgId);
        } catch (MtprotoSecurityException e) {
            LOG.debug("auth.bindTempAuthKey refused: {}", e.reason());
            throw RpcException.of(400, "ENCRYPTED_MESSAGE_INVALID");
        }
        long wireNow = wireMillis.getAsLong();
        long remainingMillis = request.expiresAt() * 1000L - wireNow;
        if (remainingMillis <= 0) {
            throw RpcException.of(400, "EXPIRES_AT_INVALID");
        }
        synchronized (this) {
            ServerAuthKey current = temporary.boundPermanent();
            if (current != null && current != permanent) {
                throw RpcException.of(400, "TEMP_AUTH_KEY_ALREADY_BOUND");
            }
            ServerAuthKey replaced = permanent.boundTemporary();
            if (replaced != null && replaced != temporary) {
                replaced.boundPermanent(null);
            }
            permanent.boundTemporary(temporary);
            temporary.boundPermanent(permanent);
        }
        // expires_at is in the server time the client knows; the key expires by the cluster's clock
        temporary.expireNoLaterThan(clusterMillis.getAsLong() + remainingMillis);
        log.bound();
        LOG.debug("temporary key {} bound to permanent key {}", Long.toHexString(temporary.id()),
            Long.toHexString(permanent.id()));
        return Boolean.TRUE;
    }

    /** Ends the bindings of a key the DC forgets. */
    synchronized void forget(ServerAuthKey key) {
        ServerAuthKey permanent = key.boundPermanent();
        if (permanent != null && permanent.boundTemporary() == key) {
            permanent.boundTemporary(null);
        }
        key.boundPermanent(null);
        ServerAuthKey temporary = key.boundTemporary();
        if (temporary != null && temporary.boundPermanent() == key) {
            temporary.boundPermanent(null);
        }
        key.boundTemporary(null);
    }
}
