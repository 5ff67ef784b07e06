package io.mtflux.core.client;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.DecryptedMessage;
import io.mtflux.core.crypto.MessageCipher;
import io.mtflux.core.crypto.MessageDirection;
import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.SecurityFailure;
import io.mtflux.core.handshake.ClientHandshakeSettings;
import io.mtflux.core.handshake.HandshakeResult;
import io.mtflux.core.internal.session.MessageCodec;
import io.mtflux.core.internal.session.MessageIdGenerator;
import io.mtflux.core.internal.session.MessageSession;
import io.mtflux.core.internal.session.ProtocolException;
import io.mtflux.core.internal.session.ServerSalts;
import io.mtflux.core.internal.session.SessionListener;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.tl.TlDecodeException;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.api.Updates;
import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.TransportException;
import io.mtflux.transport.TransportFloodException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The connection to one DC: the auth key (created by a key exchange when there is none), one MTProto session
 * that outlives connections, the current transport connection, reconnects with backoff (re-sending what has no
 * answer), keepalive pings and batched acks, request timeouts.
 *
 * <p>With {@link ClientOptions#temporaryKeys() temporary keys} (PFS) every connection runs a temporary-key exchange
 * after the permanent one (if that was missing), then binds the new key in BINDING with {@code auth.bindTempAuthKey}
 * sent in a session of its own, so that nothing else can reach the server before the binding; requests wait. The
 * permanent key only signs bindings and never encrypts a message. A timer replaces the temporary key on a fresh
 * connection before it expires ({@link TempKeyBinder#renewAfter}); -404, a reconnect or a call answered
 * {@code AUTH_KEY_PERM_EMPTY} also lead to a new key and binding.
 *
 * <p>Its lifecycle is the explicit {@link DcState} machine; every change goes through {@link #transition}, which
 * rejects a move the table does not allow. The parts live apart: {@link KeyExchange} runs a key exchange,
 * {@link TempKeyBinder} binds temporary keys and times their renewal, {@link InFlightCalls} wraps, times out and
 * answers the callers' calls, {@link Keepalive} pings and acks, {@link ReconnectPolicy} decides the waits.
 *
 * <p>All state is confined to a serialized drain loop (an actor, {@link SerialLoop}): commands from callers, Netty
 * and timers are queued and run one at a time on whichever thread drains, so the hot path takes no locks and never
 * blocks. CPU-heavy key-exchange steps run on the resources' computation scheduler.
 */
final class DcConnection implements SessionListener, KeyExchange.Listener, Keepalive.Host, TempKeyBinder.Host,
    InFlightCalls.Host {
    private static final Logger LOG = LoggerFactory.getLogger(DcConnection.class);

    /** What the owning client learns from this connection. */
    interface Owner {
        /** A new permanent auth key: persist it before it is used. */
        Mono<Void> onAuthKey(int dcId, HandshakeResult result);

        /** The server forgot our permanent key (-404, or a refused binding): forget it too. */
        void onAuthKeyDropped(int dcId);

        void onUpdates(int dcId, Updates updates);

        default void onSaltChanged(int dcId, long salt) {
        }

        /** The connection moved to {@code state} (called inside the connection's loop, in order). */
        default void onStateChanged(int dcId, DcState state) {
        }
    }

    private final int dcId;
    private final ClientSettings settings;
    private final Owner owner;
    private final SerialLoop loop;
    private final MessageIdGenerator ids = new MessageIdGenerator();
    private final ServerSalts salts;
    private final MessageSession session;
    /** Seeded once (ClientResources seeds it off the event loops); never reads a device afterwards. */
    private final RandomSource random;
    private final SessionTimers timers;
    private final Keepalive keepalive;
    private final ReconnectPolicy reconnects;
    /** Binds temporary keys and times their renewal; null without PFS. */
    private final TempKeyBinder binder;
    private final InFlightCalls calls;
    /** The lifetime of temporary keys in seconds; 0: no PFS, messages are encrypted with the permanent key. */
    private final int temporaryKeySeconds;

    // confined to the drain loop
    private DcState state = DcState.IDLE;
    /** {@code state == READY} for callers outside the loop: lets {@link #start()} skip the hop when connected. */
    private volatile boolean readyHint;
    /** The permanent key: with PFS it only signs bindings. */
    private AuthKey authKey;
    /** What messages are encrypted with: the permanent key's cipher, or with PFS the bound temporary key's. */
    private MessageCipher cipher;
    /** The connection is being dropped on purpose to replace the temporary key: reconnect at once. */
    private boolean renewing;
    private FrameConnection connection;
    private Sinks.Many<ByteBuf> outbound;
    private KeyExchange keyExchange;
    /** Fails a key exchange that got no answer in time. */
    private Disposable keyExchangeTimer;
    private Disposable reconnectTimer;
    private final List<MonoSink<Void>> waiters = new ArrayList<>();
    /**
     * Why the last failed key exchange failed (since the last usable connection): what waiting callers get once
     * the attempts are exhausted; null when the attempts failed otherwise.
     */
    private HandshakeFailedException handshakeFailure;
    /** Set by commands that queued output; the loop flushes once per drained batch, so bursts share packets. */
    private boolean flushRequested;
    /** A flush task is queued on the connection's event loop (output batching, not lifecycle state). */
    private boolean flushScheduled;
    private final Runnable flushTask = () -> execute(this::flushNow);

    DcConnection(int dcId, ClientSettings settings, Owner owner, AuthKey authKey, long salt, long timeOffsetSeconds) {
        this.dcId = dcId;
        this.loop = new SerialLoop(LOG, "DC " + dcId + " connection loop", this::afterBatch);
        this.settings = settings;
        this.owner = owner;
        this.random = settings.resources().random();
        this.timers = settings.resources().timers();
        this.temporaryKeySeconds = settings.temporaryKeySeconds();
        this.authKey = authKey;
        this.cipher = authKey == null || temporaryKeySeconds > 0 ? null : cipher(authKey);
        this.salts = new ServerSalts(salt);
        this.ids.setTimeOffsetSeconds(timeOffsetSeconds);
        this.session = new MessageSession(ids, salts, random::nextLong, this);
        this.keepalive = new Keepalive(dcId, session, timers, settings.pingInterval(), this);
        this.reconnects = ReconnectPolicy.of(settings);
        this.binder = temporaryKeySeconds == 0 ? null : new TempKeyBinder(dcId, ids, salts, random, timers,
            settings.requestTimeout(), temporaryKeySeconds, settings.metrics(), this);
        this.calls = new InFlightCalls(dcId, session, timers, settings.requestTimeout(), settings.apiId(),
            settings.initConnection(), temporaryKeySeconds > 0, this);
    }

    /**
     * The padded intermediate framing delivers packets with 0..15 random bytes after the ciphertext, which only
     * the message layer can tell apart: like tdlib, the client ignores bytes after the last whole AES block.
     */
    private MessageCipher cipher(AuthKey key) {
        return new MessageCipher(key, random).toleratingTrailingBytes();
    }

    int dcId() {
        return dcId;
    }

    // ------------------------------------------------------------------ actor

    @Override
    public void execute(Runnable command) {
        loop.execute(command);
    }

    /** Run by the loop after each drained batch: one flush for all the output the batch queued. */
    private void afterBatch() {
        if (flushRequested) {
            flushRequested = false;
            scheduleFlush();
        }
    }

    @Override
    public void requestFlush() {
        flushRequested = true;
    }

    /**
     * Flushes from a task on the connection's event loop rather than at once: that task runs after every frame
     * of the current socket read has been handled (and after the calls those answers set off were queued), so
     * answers that arrive together go out together, in one packet, instead of one packet per frame.
     */
    private void scheduleFlush() {
        if (flushScheduled) {
            return;
        }
        FrameConnection conn = connection;
        if (conn == null) {
            flush();
            return;
        }
        flushScheduled = true;
        try {
            conn.executor().execute(flushTask);
        } catch (RejectedExecutionException e) {
            // the event loops are shutting down: send what we have from here
            flushScheduled = false;
            flush();
        }
    }

    private void flushNow() {
        flushScheduled = false;
        flush();
    }

    // ------------------------------------------------------------------ state machine

    /** The current state (read it inside the loop; tests read it after the loop went quiet). */
    DcState state() {
        return state;
    }

    /**
     * Moves to {@code next}.
     *
     * @throws IllegalStateException when the transition table does not allow the move (a bug in this class)
     */
    private void transition(DcState next) {
        DcState from = state;
        state = from.moveTo(next, dcId);
        readyHint = next == DcState.READY;
        LOG.debug("DC {}: {} -> {}", dcId, from, next);
        owner.onStateChanged(dcId, next);
    }

    // ------------------------------------------------------------------ lifecycle

    /** Whether requests can flow now (a hint for callers outside the loop). */
    boolean isReady() {
        return readyHint;
    }

    /** Connects (running the key exchange when there is no key); completes when requests can flow. */
    Mono<Void> start() {
        if (readyHint) {
            return Mono.empty();
        }
        return Mono.create(sink -> execute(() -> {
            switch (state) {
                case CLOSED -> sink.error(new IllegalStateException("DC " + dcId + " connection is closed"));
                case READY -> sink.success();
                default -> {
                    waiters.add(sink);
                    if (state == DcState.IDLE || state == DcState.WAITING_TO_RECONNECT) {
                        connect();
                    }
                }
            }
        }));
    }

    private void releaseWaiters(Throwable error) {
        List<MonoSink<Void>> all = new ArrayList<>(waiters);
        waiters.clear();
        for (MonoSink<Void> sink : all) {
            if (error == null) {
                sink.success();
            } else {
                sink.error(error);
            }
        }
    }

    /** Closes the connection and fails every pending request. */
    Mono<Void> close() {
        return Mono.create(sink -> execute(() -> {
            if (state != DcState.CLOSED) {
                transition(DcState.CLOSED);
                keepalive.stop();
                cancelKeyExchange();
                if (binder != null) {
                    binder.stop();
                }
                if (reconnectTimer != null) {
                    reconnectTimer.dispose();
                    reconnectTimer = null;
                }
                calls.close();
                session.failAll(new IllegalStateException("the client was closed"));
                if (connection != null) {
                    connection.dispose();
                    connection = null;
                    settings.metrics().connections(-1);
                }
                releaseWaiters(new IllegalStateException("the client was closed"));
            }
            sink.success();
        }));
    }

    /** Opens one connection (from IDLE, or early from WAITING_TO_RECONNECT when a caller waits). */
    private void connect() {
        if (state != DcState.IDLE && state != DcState.WAITING_TO_RECONNECT) {
            return;
        }
        if (reconnectTimer != null) {
            reconnectTimer.dispose();
            reconnectTimer = null;
        }
        transition(DcState.CONNECTING);
        settings.connect(dcId)
            .subscribe(conn -> execute(() -> attach(conn)), error -> execute(() -> onConnectFailed(error)));
    }

    private void attach(FrameConnection conn) {
        if (state != DcState.CONNECTING) {
            conn.dispose();
            return;
        }
        connection = conn;
        settings.metrics().connections(1);
        // linked in chunks of 32: an idle connection holds a short queue, a busy one links more chunks
        outbound = Sinks.many().unicast().onBackpressureBuffer(Queues.<ByteBuf>unbounded(32).get());
        conn.send(outbound.asFlux()).subscribe(null, e -> LOG.debug("DC {}: send failed: {}", dcId, e.toString()));
        conn.receive().subscribe(buf -> {
            byte[] frame;
            try {
                frame = ByteBufUtil.getBytes(buf);
            } finally {
                buf.release();
            }
            execute(() -> onFrame(conn, frame));
        }, error -> execute(() -> onDisconnected(conn, error)), () -> execute(() -> onDisconnected(conn, null)));
        if (authKey == null) {
            transition(DcState.EXCHANGING_KEY);
            startKeyExchange(ClientHandshakeSettings.permanent(settings.dcOptions().handshakeDc(dcId)));
        } else if (temporaryKeySeconds > 0) {
            transition(DcState.EXCHANGING_KEY);
            startTemporaryKeyExchange();
        } else {
            becomeReady();
        }
    }

    private void becomeReady() {
        transition(DcState.READY);
        handshakeFailure = null;
        calls.onReady();
        reconnects.onConnected();
        if (session.pendingCount() > 0) {
            LOG.debug("DC {}: connected, re-sending {} unanswered requests", dcId, session.pendingCount());
        }
        session.resendUnansweredAfterReconnect();
        keepalive.start();
        if (binder != null) {
            binder.scheduleRenewal();
        }
        releaseWaiters(null);
        flushRequested = true;
    }

    private void onConnectFailed(Throwable error) {
        if (state != DcState.CONNECTING) {
            return;
        }
        LOG.debug("DC {}: connect failed: {}", dcId, error.toString());
        if (!waiters.isEmpty() && reconnects.exhausted()) {
            releaseWaiters(typed(error));
        }
        scheduleReconnect();
    }

    private void onDisconnected(FrameConnection conn, Throwable error) {
        if (conn != connection) {
            return;
        }
        connection = null;
        outbound = null;
        settings.metrics().connections(-1);
        keepalive.stop();
        cancelKeyExchange();
        if (binder != null) {
            binder.connectionLost();
        }
        if (state == DcState.CLOSED) {
            return;
        }
        if (state == DcState.EXCHANGING_KEY && error instanceof MalformedFrameException malformed
            && malformed.reason() != MalformedFrameException.Reason.TRUNCATED) {
            // bytes no framing can carry before any key was agreed: no MTProto server at this address (a connection
            // cut in the middle of a frame says nothing of the server: it is retried like any drop)
            handshakeFailed(HandshakeFailedException.Reason.NOT_MTPROTO, error);
        }
        if (handshakeFailure != null && !waiters.isEmpty() && reconnects.exhausted()) {
            releaseWaiters(handshakeFailure);
        }
        if (temporaryKeySeconds > 0) {
            // a temporary key serves one connection: the next one creates and binds a new key
            cipher = null;
        }
        if (renewing) {
            renewing = false;
            LOG.debug("DC {}: reconnecting with a new temporary key", dcId);
            transition(DcState.WAITING_TO_RECONNECT);
            connect();
            return;
        }
        if (error instanceof TransportException te && te.code() == TransportException.AUTH_KEY_NOT_FOUND) {
            onKeyNotFound();
        }
        if (error instanceof TransportFloodException) {
            // -429: too many connections or requests; wait longer before trying again (the calls in flight wait and
            // are sent again on the next connection)
            reconnects.onFlood();
            settings.metrics().transportFlood(dcId);
            LOG.info("DC {}: transport flood (-429); backing off before reconnecting", dcId);
        } else {
            LOG.debug("DC {}: connection closed ({})", dcId, error == null ? "clean" : error.toString());
        }
        scheduleReconnect();
    }

    /** -404: the server does not know the key this connection encrypted with. */
    private void onKeyNotFound() {
        if (temporaryKeySeconds > 0) {
            // only temporary keys encrypt: the DC forgot (or expired) the temporary key, the binding is gone too
            LOG.info("DC {}: the server does not know our temporary key (-404); creating and binding a new one", dcId);
            return;
        }
        LOG.info("DC {}: the server does not know our auth key (-404); creating a new one", dcId);
        dropPermanentKey();
    }

    private void dropPermanentKey() {
        authKey = null;
        cipher = null;
        owner.onAuthKeyDropped(dcId);
    }

    /** WAITING_TO_RECONNECT until the policy's delay has passed (or a caller asks for a connection). */
    private void scheduleReconnect() {
        transition(DcState.WAITING_TO_RECONNECT);
        settings.metrics().reconnect(dcId);
        Duration delay = reconnects.nextDelay();
        reconnectTimer = timers.once(delay, () -> execute(this::connect));
    }

    /** Drops the current connection (a dead one, or one that carried bad bytes); reconnect follows. */
    @Override
    public void dropConnection(String why) {
        LOG.debug("DC {}: dropping the connection: {}", dcId, why);
        if (connection != null) {
            connection.dispose();
        }
    }

    @Override
    public void pongMissed() {
        settings.metrics().keepaliveTimeout(dcId);
        LOG.info("DC {}: no pong within {}; dropping the connection (black hole or half-open)", dcId,
            settings.pingInterval());
    }

    // ------------------------------------------------------------------ key exchange

    private void startKeyExchange(ClientHandshakeSettings handshake) {
        KeyExchange exchange = new KeyExchange(handshake.withKeys(settings.dcOptions().rsaKeys()), random,
            () -> System.currentTimeMillis() / 1000, settings.resources().computation(), this::execute, this);
        keyExchange = exchange;
        // the keepalive runs only once READY: a DC that accepts the connection and never answers (a black hole)
        // would hold the key exchange for ever
        disposeKeyExchangeTimer();
        Duration deadline = settings.keyExchangeTimeout();
        keyExchangeTimer = timers.once(deadline, () -> execute(() -> {
            if (exchange == keyExchange && !exchange.finished()) {
                exchange.cancel();
                onFailed(exchange, new TimeoutException("no answer within " + deadline));
            }
        }));
        exchange.begin();
    }

    private void disposeKeyExchangeTimer() {
        if (keyExchangeTimer != null) {
            keyExchangeTimer.dispose();
            keyExchangeTimer = null;
        }
    }

    private void startTemporaryKeyExchange() {
        startKeyExchange(ClientHandshakeSettings.temporary(settings.dcOptions().handshakeDc(dcId),
            temporaryKeySeconds));
    }

    private void recordKeyExchange(KeyExchange exchange, boolean success) {
        if (exchange.temporary()) {
            settings.metrics().temporaryKeyExchange(dcId, success, exchange.elapsed());
        } else {
            settings.metrics().keyExchange(dcId, success, exchange.elapsed());
        }
    }

    private void cancelKeyExchange() {
        disposeKeyExchangeTimer();
        if (keyExchange != null) {
            if (!keyExchange.finished()) {
                recordKeyExchange(keyExchange, false);
            }
            keyExchange.cancel();
            keyExchange = null;
        }
    }

    @Override
    public void sendPlain(TlObject message) {
        emit(MessageCodec.encodePlain(ids.next(), message));
    }

    @Override
    public void onFailed(KeyExchange exchange, Throwable error) {
        if (exchange != keyExchange) {
            return;
        }
        keyExchange = null;
        recordKeyExchange(exchange, false);
        // info, not warn: the callers waiting for the connection get the typed HandshakeFailedException
        LOG.info("DC {}: {} key exchange failed: {}", dcId, exchange.temporary() ? "temporary" : "permanent",
            error.toString());
        handshakeFailed(classify(error), error);
        dropConnection("key exchange failed");
    }

    @Override
    public void onKey(KeyExchange exchange, HandshakeResult result) {
        if (exchange != keyExchange) {
            return;
        }
        recordKeyExchange(exchange, true);
        disposeKeyExchangeTimer();
        if (exchange.temporary()) {
            keyExchange = null;
            bind(result);
            return;
        }
        // persist the key before its first use; keyExchange stays set (finished) until then
        owner.onAuthKey(dcId, result).subscribe(null,
            error -> execute(() -> {
                LOG.warn("DC {}: could not save the new auth key: {}", dcId, error.toString());
                releaseWaiters(error);
                dropConnection("auth key not saved");
            }),
            () -> execute(() -> onPermanentKeySaved(exchange, result)));
    }

    private void onPermanentKeySaved(KeyExchange exchange, HandshakeResult result) {
        authKey = result.authKey();
        ids.setTimeOffsetSeconds(result.timeOffsetSeconds());
        if (temporaryKeySeconds == 0) {
            cipher = cipher(authKey);
            salts.replace(result.serverSalt());
        }
        if (exchange == keyExchange && state == DcState.EXCHANGING_KEY) {
            keyExchange = null;
            if (temporaryKeySeconds > 0) {
                startTemporaryKeyExchange();
            } else {
                becomeReady();
            }
        }
    }

    // ------------------------------------------------------------------ temporary keys (PFS)

    /**
     * BINDING: the new temporary key encrypts from now on; {@code auth.bindTempAuthKey} goes alone in the binder's
     * session (the main session's queue waits).
     */
    private void bind(HandshakeResult temporary) {
        transition(DcState.BINDING);
        cipher = cipher(temporary.authKey());
        salts.replace(temporary.serverSalt());
        ids.setTimeOffsetSeconds(temporary.timeOffsetSeconds());
        binder.bind(authKey, temporary.authKey());
    }

    @Override
    public void onBound(MessageSession binding) {
        // acknowledge the answer; the binder keeps the binding session to take late messages of its session
        drain(binding);
        becomeReady();
    }

    @Override
    public void onBindingFailed(TemporaryKeyException failure) {
        if (failure.permanentKeyLost()) {
            dropPermanentKey();
        }
        if (!waiters.isEmpty() && reconnects.exhausted()) {
            releaseWaiters(failure);
        }
        dropConnection("binding failed");
    }

    /** The renewal timer: replace the temporary key on a fresh connection, if it still serves. */
    @Override
    public void renewNow() {
        if (state != DcState.READY || connection == null) {
            return;
        }
        LOG.debug("DC {}: the temporary key nears its expiry; replacing it", dcId);
        renewing = true;
        dropConnection("renewing the temporary key");
    }

    private void onPlainFrame(byte[] frame) {
        if (state != DcState.EXCHANGING_KEY || keyExchange == null) {
            dropConnection("unexpected plain message");
            return;
        }
        keyExchange.onMessage(MessageCodec.decodePlain(frame));
    }

    /** Whether the connection waits for the key exchange's answers, so that any other bytes are no MTProto. */
    private boolean exchangingKey() {
        return state == DcState.EXCHANGING_KEY && cipher == null;
    }

    /** The failure that waiting callers get once the attempts are exhausted. */
    private void handshakeFailed(HandshakeFailedException.Reason reason, Throwable error) {
        DcEndpoint endpoint = settings.dcOptions().endpoint(dcId).orElse(null);
        handshakeFailure = new HandshakeFailedException(dcId, endpoint == null ? "?" : endpoint.host(),
            endpoint == null ? 0 : endpoint.port(), reason, error);
    }

    /**
     * Why a key exchange failed: an unknown RSA key, another failed check, or answers that are no MTProto key
     * exchange (an unexpected or undecodable message).
     */
    static HandshakeFailedException.Reason classify(Throwable error) {
        if (error instanceof MtprotoSecurityException security) {
            return security.reason() == SecurityFailure.HANDSHAKE_UNKNOWN_FINGERPRINT
                ? HandshakeFailedException.Reason.UNKNOWN_FINGERPRINT : HandshakeFailedException.Reason.SECURITY_CHECK;
        }
        return HandshakeFailedException.Reason.NOT_MTPROTO;
    }

    /**
     * A failed connect attempt as callers see it: a network failure as a {@link DcUnreachableException} naming the
     * DC's address (unless the transport named the address it dialled already).
     */
    private Throwable typed(Throwable error) {
        if (error instanceof DcConnectException || !DcUnreachableException.isNetworkFailure(error)) {
            return error;
        }
        DcEndpoint endpoint = settings.dcOptions().endpoint(dcId).orElse(null);
        return endpoint == null ? error : new DcUnreachableException(dcId, endpoint.host(), endpoint.port(), error);
    }

    // ------------------------------------------------------------------ frames

    private void onFrame(FrameConnection conn, byte[] frame) {
        if (conn != connection) {
            return;
        }
        settings.metrics().bytesIn(frame.length);
        try {
            if (MessageCodec.isPlain(frame)) {
                onPlainFrame(frame);
                return;
            }
            if (cipher == null) {
                if (exchangingKey()) {
                    handshakeFailed(HandshakeFailedException.Reason.NOT_MTPROTO,
                        new ProtocolException("a packet that is no plain message during the key exchange"));
                }
                dropConnection("encrypted message before the key exchange finished");
                return;
            }
            // the frame is our own copy: decrypt it in place and read the body where it lies
            DecryptedMessage message = cipher.decryptInPlace(MessageDirection.SERVER_TO_CLIENT,
                Unpooled.wrappedBuffer(frame));
            MessageSession target = session;
            if (message.sessionId() != session.sessionId() && !session.isPreviousSessionId(message.sessionId())) {
                // with PFS the binding has a session of its own; any other session id is a bad message
                target = binder == null ? null : binder.session();
                if (target == null || message.sessionId() != target.sessionId()) {
                    MessageCipher.requireSession(message, session.sessionId());
                    return;
                }
            }
            ByteBuf body = message.body();
            target.onMessage(message.msgId(), message.seqNo(),
                new TlReader(frame, body.arrayOffset() + body.readerIndex(), body.readableBytes()));
            if (target != session && target.hasOutgoing()) {
                flushRequested = true;
            }
        } catch (MtprotoSecurityException | TlDecodeException | ProtocolException e) {
            if (exchangingKey()) {
                LOG.info("DC {}: dropping a connection whose answers are no MTProto: {}", dcId, e.getMessage());
                handshakeFailed(HandshakeFailedException.Reason.NOT_MTPROTO, e);
            } else {
                LOG.warn("DC {}: dropping a connection that carried a bad message: {}", dcId, e.getMessage());
            }
            dropConnection(e.getMessage());
            return;
        }
        keepalive.afterFrame();
    }

    // ------------------------------------------------------------------ requests

    <R> Mono<R> invoke(TlMethod<R> method) {
        return calls.invoke(method);
    }

    /** A call answered {@code AUTH_KEY_PERM_EMPTY} was queued again: replace the connection and its key. */
    @Override
    public void onKeyUnbound() {
        if (state == DcState.READY) {
            dropConnection("the temporary key is not bound");
        }
    }

    // ------------------------------------------------------------------ output

    private void flush() {
        MessageSession source = state == DcState.READY ? session
            : state == DcState.BINDING ? binder.session() : null;
        if (source != null) {
            drain(source);
        }
    }

    /** Encrypts and sends everything {@code source} has queued. */
    private void drain(MessageSession source) {
        MessageSession.OutboundPacket packet;
        while ((packet = source.nextPacket()) != null) {
            emit(cipher.encrypt(MessageDirection.CLIENT_TO_SERVER, packet.plaintext()));
        }
    }

    private void emit(byte[] packet) {
        if (outbound != null) {
            settings.metrics().bytesOut(packet.length);
            outbound.tryEmitNext(Unpooled.wrappedBuffer(packet));
        }
    }

    // ------------------------------------------------------------------ listener

    @Override
    public void onUpdates(Updates updates) {
        owner.onUpdates(dcId, updates);
    }

    @Override
    public void onSaltChanged(long salt) {
        owner.onSaltChanged(dcId, salt);
    }
}
