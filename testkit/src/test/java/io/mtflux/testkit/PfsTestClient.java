package io.mtflux.testkit;

import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.handshake.HandshakeResult;
import io.mtflux.core.handshake.TempKeyBinding;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.api.auth.AuthBindTempAuthKey;
import io.mtflux.testkit.layer.ApiLayers;
import io.mtflux.transport.TransportException;
import java.util.concurrent.ExecutionException;
import java.util.function.LongFunction;

/**
 * A raw PFS client for tests, assembled from core's key exchange, {@link TempKeyBinding} and {@link LayerClient}
 * (layer 228): a permanent key that never encrypts a message, and temporary keys with a short expires_in, each
 * bound with auth.bindTempAuthKey before use (https://core.telegram.org/api/pfs). Blocking; for the test thread.
 */
final class PfsTestClient implements AutoCloseable {
    static final LayerClient.Style STYLE = LayerClient.Style.MTCUTE;

    private final TestCluster cluster;
    private final int dcId;
    private final int expiresIn;
    private final HandshakeResult permanent;
    private HandshakeResult temporary;
    private LayerClient connection;

    private PfsTestClient(TestCluster cluster, int dcId, int expiresIn, HandshakeResult permanent) {
        this.cluster = cluster;
        this.dcId = dcId;
        this.expiresIn = expiresIn;
        this.permanent = permanent;
    }

    /** A new permanent key and a first temporary key, bound. */
    static PfsTestClient start(TestCluster cluster, int dcId, int expiresIn) throws Exception {
        PfsTestClient client = new PfsTestClient(cluster, dcId, expiresIn,
            LayerClient.createKey(cluster, dcId, STYLE, 0));
        client.renew();
        return client;
    }

    /** A new permanent key and a first temporary key, not bound yet. */
    static PfsTestClient unbound(TestCluster cluster, int dcId, int expiresIn) throws Exception {
        PfsTestClient client = new PfsTestClient(cluster, dcId, expiresIn,
            LayerClient.createKey(cluster, dcId, STYLE, 0));
        client.openUnbound();
        return client;
    }

    /** A new temporary key on a new connection, bound to the permanent key; the next call re-sends initConnection. */
    void renew() throws Exception {
        openUnbound();
        bind();
    }

    /** A new temporary key on a new connection, not bound yet. */
    void openUnbound() throws Exception {
        close();
        temporary = LayerClient.createKey(cluster, dcId, STYLE, expiresIn);
        connection = LayerClient.open(cluster, dcId, ApiLayers.NATIVE, STYLE, temporary);
    }

    /** auth.bindTempAuthKey over the current temporary key, built for the msg_id it is sent with. */
    void bind() throws Exception {
        bind(msgId -> TempKeyBinding.request(permanent.authKey(), temporary.authKey(), connection.sessionId(),
            expiresAt(), msgId, RandomSource.secure()));
        connection.reinitialize();
    }

    /** Sends an auth.bindTempAuthKey built by {@code request} for its msg_id; true when the server answers true. */
    boolean bind(LongFunction<AuthBindTempAuthKey> request) throws Exception {
        AuthBindTempAuthKey[] sent = new AuthBindTempAuthKey[1];
        byte[] answer = connection.callForMsgId(msgId -> {
            sent[0] = request.apply(msgId);
            return sent[0];
        });
        return sent[0].readResult(new TlReader(answer));
    }

    /** The expires_at a client names: the server time it knows plus expires_in. */
    int expiresAt() {
        return (int) (System.currentTimeMillis() / 1000) + expiresIn;
    }

    /** A reconnect: a new connection and session on the same temporary key. */
    void reconnect() {
        close();
        connection = LayerClient.open(cluster, dcId, ApiLayers.NATIVE, STYLE, temporary);
    }

    /** Calls a method over the current temporary key. */
    <T> T call(TlMethod<T> method) throws Exception {
        return method.readResult(new TlReader(connection.call(method)));
    }

    HandshakeResult permanentKey() {
        return permanent;
    }

    HandshakeResult temporaryKey() {
        return temporary;
    }

    LayerClient connection() {
        return connection;
    }

    /** The transport error code a failed call ended with, or 0 when it failed otherwise. */
    static int transportError(ExecutionException e) {
        return e.getCause() instanceof TransportException t ? t.code() : 0;
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
