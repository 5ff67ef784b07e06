package io.mtflux.testkit;

import io.mtflux.core.crypto.DecryptedMessage;
import io.mtflux.core.crypto.MessageCipher;
import io.mtflux.core.crypto.MessageDirection;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.handshake.ClientHandshake;
import io.mtflux.core.handshake.ClientHandshakeSettings;
import io.mtflux.core.handshake.DhGenOutcome;
import io.mtflux.core.handshake.HandshakeResult;
import io.mtflux.core.handshake.InnerDataVariant;
import io.mtflux.core.handshake.RsaScheme;
import io.mtflux.core.internal.session.MessageCodec;
import io.mtflux.core.internal.session.MessageIdGenerator;
import io.mtflux.core.internal.session.SeqNoCounter;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.mtproto.ResPQ;
import io.mtflux.core.tl.mtproto.ServerDHParams;
import io.mtflux.core.tl.mtproto.SetClientDHParamsAnswer;
import io.mtflux.testkit.layer.ApiLayers;
import io.mtflux.testkit.layer.LayerTranscoder;
import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.framing.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A deliberately small MTProto client for tests that speaks an older API layer the way the npm clients do: it
 * announces {@code invokeWithLayer(layer, initConnection(...))} on its first call, sends requests in that
 * layer's constructors and hands back answers and pushed messages as raw bytes for a reader of that layer's
 * schema. Its transport, inner-data variant and RSA scheme are chosen per client (e.g. @mtproto/core:
 * obfuscated intermediate, p_q_inner_data, legacy RSA; mtcute: intermediate, p_q_inner_data_dc, RSA_PAD).
 *
 * <p>Requests are built with the generated layer-228 classes and transcoded to the layer with
 * {@link LayerTranscoder#toClientMethod}; callers check the transcoded bytes against the layer's schema. Blocking
 * calls are for the test thread only.
 *
 * <p>For PFS tests it also creates keys on their own ({@link #createKey}, temporary ones included), opens a session
 * on a key made earlier ({@link #open}, a reconnect), and sends requests built for the msg_id they go out with
 * ({@link #callForMsgId}, which auth.bindTempAuthKey needs). A transport error (e.g. -404 for an unknown or expired
 * key) fails the call with {@link ExecutionException} whose cause is the transport's {@code TransportException}.
 */
public final class LayerClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int RPC_RESULT = 0xf35c6d01;
    private static final int RPC_ERROR = 0x2144ca19;
    private static final int MSG_CONTAINER = 0x73f1f8dc;
    private static final int BAD_SERVER_SALT = 0xedab447b;
    private static final int BAD_MSG_NOTIFICATION = 0xa7eff811;
    private static final int NEW_SESSION_CREATED = 0x9ec20908;
    private static final int PONG = 0x347773c5;
    private static final int FUTURE_SALTS = 0xae500895;
    private static final int MSGS_STATE_INFO = 0x04deb57d;
    private static final int MSGS_ACK = 0x62d6b459;
    private static final int INIT_CONNECTION = 0xc1cd5ea9;
    private static final int INVOKE_WITH_LAYER = 0xda9b0d0d;

    private final FrameConnection conn;
    private final int layer;
    private final LayerTranscoder transcoder;
    private final Sinks.Many<ByteBuf> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.Many<byte[]> pushes = Sinks.many().replay().all();
    private final Map<Long, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final Map<Long, LongFunction<byte[]>> sentBodies = new ConcurrentHashMap<>();
    private final MessageIdGenerator ids = new MessageIdGenerator();
    private final SeqNoCounter seq = new SeqNoCounter();
    private final long sessionId = RandomSource.secure().nextLong();
    private volatile CompletableFuture<TlObject> plainAnswer;
    private volatile MessageCipher cipher;
    private volatile HandshakeResult key;
    private volatile long salt;
    private boolean initialized;
    private volatile long lastMsgId;

    private LayerClient(FrameConnection conn, int layer) {
        this.conn = conn;
        this.layer = layer;
        this.transcoder = ApiLayers.transcoder(layer);
    }

    /**
     * How a client connects and exchanges its key.
     *
     * @param framing the transport framing
     * @param obfuscated whether to use obfuscated2
     * @param variant the p_q_inner_data constructor
     * @param rsaScheme RSA_PAD or the legacy scheme
     */
    public record Style(Framing framing, boolean obfuscated, InnerDataVariant variant, RsaScheme rsaScheme) {
        /** @mtproto/core 6.3.0. */
        public static final Style MTPROTO_CORE = new Style(Framing.INTERMEDIATE, true, InnerDataVariant.PLAIN,
            RsaScheme.LEGACY);
        /** mtcute 0.30.3 in Node. */
        public static final Style MTCUTE = new Style(Framing.INTERMEDIATE, false, InnerDataVariant.DC,
            RsaScheme.RSA_PAD);
        /** GramJS 2.26.22 in Node (its default full transport). */
        public static final Style GRAMJS = new Style(Framing.FULL, false, InnerDataVariant.PLAIN, RsaScheme.RSA_PAD);
    }

    /** Connects to a DC of the cluster and creates an auth key; the layer is announced on the first call. */
    public static LayerClient connect(TestCluster cluster, int dcId, int layer, Style style) throws Exception {
        LayerClient client = new LayerClient(dial(cluster, dcId, style), layer);
        client.listen();
        client.useKey(client.exchangeKey(cluster.rsaKeys(), dcId, style, 0));
        return client;
    }

    /**
     * Creates a key on its own connection, which is then closed.
     *
     * @param expiresIn 0 for a permanent key; else the lifetime of a temporary key, created with the temporary
     *     form of the style's inner data ({@code p_q_inner_data_temp} for {@code PLAIN}, {@code _temp_dc} otherwise)
     * @return the key, its first salt and (for a temporary key) its expires_in
     */
    public static HandshakeResult createKey(TestCluster cluster, int dcId, Style style, int expiresIn)
        throws Exception {
        LayerClient client = new LayerClient(dial(cluster, dcId, style), ApiLayers.NATIVE);
        try {
            client.listen();
            return client.exchangeKey(cluster.rsaKeys(), dcId, style, expiresIn);
        } finally {
            client.close();
        }
    }

    /** Connects with a key made earlier: a new connection and a new session on that key. */
    public static LayerClient open(TestCluster cluster, int dcId, int layer, Style style, HandshakeResult key) {
        LayerClient client = new LayerClient(dial(cluster, dcId, style), layer);
        client.listen();
        client.useKey(key);
        return client;
    }

    private static FrameConnection dial(TestCluster cluster, int dcId, Style style) {
        return MtprotoTransport.tcp().host("127.0.0.1").port(cluster.dc(dcId).port())
            .framing(style.framing()).obfuscated(style.obfuscated()).dcId(dcId).connect().block(TIMEOUT);
    }

    private void listen() {
        conn.send(outbound.asFlux()).subscribe();
        conn.receive().subscribe(buf -> {
            byte[] frame;
            try {
                frame = ByteBufUtil.getBytes(buf);
            } finally {
                buf.release();
            }
            onFrame(frame);
        }, e -> failAll(e), () -> failAll(new IllegalStateException("connection closed")));
    }

    private HandshakeResult exchangeKey(RsaKeyRing keys, int dcId, Style style, int expiresIn) throws Exception {
        InnerDataVariant variant = style.variant();
        if (expiresIn > 0) {
            variant = variant == InnerDataVariant.PLAIN ? InnerDataVariant.TEMP : InnerDataVariant.TEMP_DC;
        }
        ClientHandshakeSettings settings = new ClientHandshakeSettings(keys, dcId, variant, expiresIn,
            style.rsaScheme(), 5);
        ClientHandshake handshake = new ClientHandshake(settings);
        ResPQ resPq = (ResPQ) plain(handshake.begin());
        ServerDHParams dh = (ServerDHParams) plain(handshake.onResPq(resPq));
        DhGenOutcome outcome = handshake.onDhGenAnswer((SetClientDHParamsAnswer) plain(handshake
            .onServerDhParams(dh)));
        return ((DhGenOutcome.Done) outcome).result();
    }

    private void useKey(HandshakeResult result) {
        key = result;
        cipher = new MessageCipher(result.authKey());
        salt = result.serverSalt();
    }

    /** The key this client encrypts with. */
    public HandshakeResult key() {
        return key;
    }

    /** The session id of this client (one per connection). */
    public long sessionId() {
        return sessionId;
    }

    /**
     * The next call is wrapped in invokeWithLayer + initConnection again, as a client must after
     * auth.bindTempAuthKey (https://core.telegram.org/method/auth.bindTempAuthKey).
     */
    public void reinitialize() {
        initialized = false;
    }

    private TlObject plain(TlObject request) throws Exception {
        CompletableFuture<TlObject> answer = new CompletableFuture<>();
        plainAnswer = answer;
        emit(MessageCodec.encodePlain(ids.next(), request));
        return answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private void emit(byte[] packet) {
        synchronized (outbound) {
            outbound.tryEmitNext(Unpooled.wrappedBuffer(packet));
        }
    }

    /** The layer this client announces. */
    public int layer() {
        return layer;
    }

    /** Messages the server pushed (not answers), as raw bytes of this layer. */
    public Flux<byte[]> pushes() {
        return pushes.asFlux();
    }

    /**
     * The bytes this client sends for a layer-228 method: the method transcoded to this client's layer.
     *
     * @param method the request built with the generated classes
     * @return the request in this layer
     */
    public byte[] encode(TlMethod<?> method) {
        return transcoder.toClientMethod(TlWriter.serialize(method));
    }

    /**
     * Calls a method (transcoded to this layer; the first call wrapped in invokeWithLayer + initConnection).
     *
     * @return the result bytes in this layer
     * @throws RpcException for an rpc_error
     */
    public byte[] call(TlMethod<?> method) throws Exception {
        return callRaw(encode(method));
    }

    /** Sends request bytes of this layer as they are (wrapped like {@link #call} on the first call). */
    public byte[] callRaw(byte[] request) throws Exception {
        return callBuilt(msgId -> request);
    }

    /**
     * Calls a method built for the msg_id it is sent with (again for a new msg_id when it must be re-sent), as
     * auth.bindTempAuthKey needs: its encrypted_message names that msg_id.
     *
     * @return the result bytes in this layer
     * @throws RpcException for an rpc_error
     */
    public byte[] callForMsgId(LongFunction<TlMethod<?>> methodForMsgId) throws Exception {
        return callBuilt(msgId -> encode(methodForMsgId.apply(msgId)));
    }

    private byte[] callBuilt(LongFunction<byte[]> requestForMsgId) throws Exception {
        LongFunction<byte[]> body = requestForMsgId;
        if (!initialized) {
            body = msgId -> withInitConnection(requestForMsgId.apply(msgId));
            initialized = true;
        }
        byte[] result = send(body, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (new TlReader(result).peekInt() == RPC_ERROR) {
            TlReader r = new TlReader(result);
            r.readInt();
            int code = r.readInt();
            throw RpcException.of(code, r.readString());
        }
        return result;
    }

    private byte[] withInitConnection(byte[] request) {
        TlWriter w = new TlWriter();
        w.writeInt(INVOKE_WITH_LAYER);
        w.writeInt(layer);
        w.writeInt(INIT_CONNECTION);
        w.writeInt(0);
        w.writeInt(12345);
        for (String s : new String[] {"LayerClient", "test", "1.0", "en", "", "en"}) {
            w.writeString(s);
        }
        w.writeRaw(request, 0, request.length);
        return w.toByteArray();
    }

    /**
     * Sends a service message (e.g. get_future_salts, msgs_state_req, ping) and waits for the answer that names
     * its msg_id.
     *
     * @return the answer's bytes
     */
    public byte[] service(TlObject message, boolean contentRelated) throws Exception {
        byte[] body = TlWriter.serialize(message);
        return send(msgId -> body, contentRelated).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Sends a message that gets no answer of its own (e.g. msgs_ack); the future fails if the server answers it
     * with a bad_msg_notification.
     */
    public CompletableFuture<byte[]> sendOnly(TlObject message, boolean contentRelated) {
        byte[] body = TlWriter.serialize(message);
        return send(msgId -> body, contentRelated);
    }

    /** The msg_id of the last message sent. */
    public long lastMsgId() {
        return lastMsgId;
    }

    private CompletableFuture<byte[]> send(LongFunction<byte[]> body, boolean contentRelated) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        synchronized (this) {
            long msgId = ids.next();
            lastMsgId = msgId;
            pending.put(msgId, answer);
            sentBodies.put(msgId, body);
            emitEncrypted(msgId, seq.next(contentRelated), body.apply(msgId));
        }
        return answer;
    }

    private synchronized void resend(long badMsgId) {
        CompletableFuture<byte[]> answer = pending.remove(badMsgId);
        LongFunction<byte[]> body = sentBodies.remove(badMsgId);
        if (answer != null && body != null) {
            long msgId = ids.next();
            pending.put(msgId, answer);
            sentBodies.put(msgId, body);
            emitEncrypted(msgId, seq.next(true), body.apply(msgId));
        }
    }

    private void emitEncrypted(long msgId, int seqNo, byte[] body) {
        emit(cipher.encrypt(MessageDirection.CLIENT_TO_SERVER,
            MessageCodec.encodePlaintext(salt, sessionId, msgId, seqNo, body)));
    }

    private void onFrame(byte[] frame) {
        if (MessageCodec.isPlain(frame)) {
            CompletableFuture<TlObject> answer = plainAnswer;
            if (answer != null) {
                answer.complete(MessageCodec.decodePlain(frame));
            }
            return;
        }
        DecryptedMessage message = cipher.decrypt(MessageDirection.SERVER_TO_CLIENT, frame);
        byte[] body;
        try {
            body = ByteBufUtil.getBytes(message.body());
        } finally {
            message.body().release();
        }
        dispatch(body);
    }

    private void dispatch(byte[] body) {
        TlReader r = new TlReader(body);
        int id = r.peekInt();
        switch (id) {
            case MSG_CONTAINER -> MessageCodec.readContainer(r, (innerId, innerSeq, inner) -> dispatch(inner));
            case TlReader.GZIP_PACKED_ID -> dispatch(LayerTranscoder.unpack(body));
            case RPC_RESULT -> {
                r.readInt();
                long reqMsgId = r.readLong();
                byte[] result = LayerTranscoder.unpack(r.readRaw(r.remaining()));
                complete(reqMsgId, result);
            }
            case BAD_SERVER_SALT -> {
                r.readInt();
                long badMsgId = r.readLong();
                r.readInt();
                r.readInt();
                salt = r.readLong();
                resend(badMsgId);
            }
            case NEW_SESSION_CREATED -> {
                r.readInt();
                r.readLong();
                r.readLong();
                salt = r.readLong();
            }
            case PONG, FUTURE_SALTS, MSGS_STATE_INFO -> {
                r.readInt();
                complete(r.readLong(), body);
            }
            case BAD_MSG_NOTIFICATION -> {
                r.readInt();
                long badMsgId = r.readLong();
                r.readInt();
                int code = r.readInt();
                CompletableFuture<byte[]> answer = pending.remove(badMsgId);
                if (answer != null) {
                    answer.completeExceptionally(new IllegalStateException("bad_msg_notification " + code));
                }
            }
            case MSGS_ACK -> {
                // nothing to do
            }
            default -> pushes.tryEmitNext(body);
        }
    }

    private void complete(long msgId, byte[] value) {
        sentBodies.remove(msgId);
        CompletableFuture<byte[]> answer = pending.remove(msgId);
        if (answer != null) {
            answer.complete(value);
        }
    }

    private void failAll(Throwable e) {
        CompletableFuture<TlObject> plainPending = plainAnswer;
        if (plainPending != null) {
            plainPending.completeExceptionally(e);
        }
        pending.values().forEach(f -> f.completeExceptionally(e));
    }

    /** Waits for the first push that {@code test} accepts. */
    public byte[] awaitPush(java.util.function.Predicate<byte[]> test) {
        return pushes.asFlux().filter(test).next().block(TIMEOUT);
    }

    @Override
    public void close() {
        conn.dispose();
    }
}
