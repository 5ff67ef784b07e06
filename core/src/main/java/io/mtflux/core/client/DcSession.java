package io.mtflux.core.client;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.DecryptedMessage;
import io.mtflux.core.crypto.MessageCipher;
import io.mtflux.core.crypto.MessageDirection;
import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.handshake.ClientHandshake;
import io.mtflux.core.handshake.ClientHandshakeSettings;
import io.mtflux.core.handshake.DhGenOutcome;
import io.mtflux.core.handshake.HandshakeResult;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.session.ClientSession;
import io.mtflux.core.session.MessageCodec;
import io.mtflux.core.session.MessageIdGenerator;
import io.mtflux.core.session.PendingRequest;
import io.mtflux.core.session.ProtocolException;
import io.mtflux.core.session.RequestSink;
import io.mtflux.core.session.ServerSalts;
import io.mtflux.core.session.SessionListener;
import io.mtflux.core.tl.TlDecodeException;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.api.ApiSchema;
import io.mtflux.core.tl.api.InitConnection;
import io.mtflux.core.tl.api.InvokeWithLayer;
import io.mtflux.core.tl.api.Updates;
import io.mtflux.core.tl.mtproto.GetFutureSalts;
import io.mtflux.core.tl.mtproto.PingDelayDisconnect;
import io.mtflux.core.tl.mtproto.ResPQ;
import io.mtflux.core.tl.mtproto.ServerDHParams;
import io.mtflux.core.tl.mtproto.SetClientDHParamsAnswer;
import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.TransportException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * The connection to one DC: the auth key (created by a key exchange when there is none), one MTProto session
 * that outlives connections, the current transport connection, reconnects with backoff (re-sending what has no
 * answer), keepalive pings and batched acks.
 *
 * <p>All state is confined to a serialized drain loop (an actor): commands from callers, Netty and timers are
 * queued and run one at a time on whichever thread drains, so the hot path takes no locks and never blocks.
 * CPU-heavy key-exchange steps run on {@code Schedulers.parallel()}.
 */
final class DcSession implements SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(DcSession.class);
    private static final int ACK_BATCH = 16;
    private static final Duration ACK_DELAY = Duration.ofMillis(200);

    /** What the owning client learns from this session. */
    interface Owner {
        /** A new auth key: persist it before it is used. */
        Mono<Void> onAuthKey(int dcId, HandshakeResult result);

        /** The server forgot our key (-404): forget it too. */
        void onAuthKeyDropped(int dcId);

        void onUpdates(int dcId, Updates updates);

        default void onSaltChanged(int dcId, long salt) {
        }
    }

    private final int dcId;
    private final ClientSettings settings;
    private final Owner owner;
    private final SerialLoop loop;
    private final MessageIdGenerator ids = new MessageIdGenerator();
    private final ServerSalts salts;
    private final ClientSession session;
    /** Seeded once (ClientResources seeds it off the event loops); never reads a device afterwards. */
    private final RandomSource random;
    private final SessionTimers timers;

    // confined to the drain loop
    private AuthKey authKey;
    private MessageCipher cipher;
    private FrameConnection connection;
    private Sinks.Many<ByteBuf> outbound;
    private ClientHandshake handshake;
    private final java.util.List<MonoSink<Void>> waiters = new java.util.ArrayList<>();
    private boolean connecting;
    private boolean ready;
    /** {@link #ready} for callers outside the loop: lets {@link #start()} skip the hop when connected. */
    private volatile boolean readyFlag;
    /** Set by commands that queued output; the loop flushes once per drained batch, so bursts share packets. */
    private boolean flushRequested;
    /** A flush task is queued on the connection's event loop. */
    private boolean flushScheduled;
    private final Runnable flushTask = () -> execute(this::flushNow);
    private boolean initialized;
    private boolean closed;
    private int reconnectAttempt;
    private Disposable ackTimer;
    private Disposable pingTimer;
    private PendingRequest pendingPing;
    private long handshakeStartNanos;
    /** Calls waiting for an answer, oldest first (all share one timeout, so this is also deadline order). */
    private final java.util.LinkedHashSet<Submitted> inFlight = new java.util.LinkedHashSet<>();
    private Disposable timeoutSweep;

    DcSession(int dcId, ClientSettings settings, Owner owner, AuthKey authKey, long salt, long timeOffsetSeconds) {
        this.dcId = dcId;
        this.loop = new SerialLoop(LOG, "DC " + dcId + " session loop", this::afterBatch);
        this.settings = settings;
        this.owner = owner;
        this.random = settings.resources().random();
        this.timers = settings.resources().timers();
        this.authKey = authKey;
        this.cipher = authKey == null ? null : cipher(authKey);
        this.salts = new ServerSalts(salt);
        this.ids.setTimeOffsetSeconds(timeOffsetSeconds);
        this.session = new ClientSession(ids, salts, random::nextLong, this);
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

    private void execute(Runnable command) {
        loop.execute(command);
    }

    /** Run by the loop after each drained batch: one flush for all the output the batch queued. */
    private void afterBatch() {
        if (flushRequested) {
            flushRequested = false;
            scheduleFlush();
        }
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
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the event loops are shutting down: send what we have from here
            flushScheduled = false;
            flush();
        }
    }

    private void flushNow() {
        flushScheduled = false;
        flush();
    }

    // ------------------------------------------------------------------ lifecycle

    /** Whether requests can flow now (a hint for callers outside the loop). */
    boolean isReady() {
        return readyFlag;
    }

    /** Connects (running the key exchange when there is no key); completes when requests can flow. */
    Mono<Void> start() {
        if (readyFlag) {
            return Mono.empty();
        }
        return Mono.create(sink -> execute(() -> {
            if (closed) {
                sink.error(new IllegalStateException("DC " + dcId + " session is closed"));
                return;
            }
            if (ready) {
                sink.success();
                return;
            }
            waiters.add(sink);
            if (connection == null && !connecting) {
                connect();
            }
        }));
    }

    private void releaseWaiters(Throwable error) {
        java.util.List<MonoSink<Void>> all = new java.util.ArrayList<>(waiters);
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
            closed = true;
            ready = false;
            readyFlag = false;
            disposeTimers();
            if (timeoutSweep != null) {
                timeoutSweep.dispose();
                timeoutSweep = null;
            }
            inFlight.clear();
            session.failAll(new IllegalStateException("the client was closed"));
            if (connection != null) {
                connection.dispose();
                connection = null;
                settings.metrics().connections(-1);
            }
            releaseWaiters(new IllegalStateException("the client was closed"));
            sink.success();
        }));
    }

    /** Opens one connection; never two at once (a second attempt while one is under way is a no-op). */
    private void connect() {
        if (connecting || connection != null || closed) {
            return;
        }
        connecting = true;
        settings.connect(dcId)
            .subscribe(conn -> execute(() -> attach(conn)), error -> execute(() -> onConnectFailed(error)));
    }

    private void attach(FrameConnection conn) {
        connecting = false;
        if (closed || connection != null) {
            conn.dispose();
            return;
        }
        connection = conn;
        settings.metrics().connections(1);
        outbound = Sinks.many().unicast().onBackpressureBuffer();
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
            startHandshake();
        } else {
            becomeReady();
        }
    }

    private void becomeReady() {
        ready = true;
        readyFlag = true;
        initialized = false;
        reconnectAttempt = 0;
        if (session.pendingCount() > 0) {
            LOG.debug("DC {}: connected, re-sending {} unanswered requests", dcId, session.pendingCount());
        }
        session.resendUnansweredAfterReconnect();
        schedulePings();
        if (session.needsSalts()) {
            requestFutureSalts();
        }
        releaseWaiters(null);
        flushRequested = true;
    }

    private void onConnectFailed(Throwable error) {
        connecting = false;
        LOG.debug("DC {}: connect failed: {}", dcId, error.toString());
        if (!waiters.isEmpty() && reconnectAttempt >= settings.maxConnectAttempts()) {
            releaseWaiters(error);
        }
        scheduleReconnect();
    }

    private void onDisconnected(FrameConnection conn, Throwable error) {
        if (conn != connection) {
            return;
        }
        connection = null;
        ready = false;
        readyFlag = false;
        settings.metrics().connections(-1);
        if (handshake != null) {
            settings.metrics().keyExchange(dcId, false, Duration.ofNanos(System.nanoTime() - handshakeStartNanos));
        }
        handshake = null;
        disposeTimers();
        if (closed) {
            return;
        }
        if (error instanceof TransportException te && te.code() == TransportException.AUTH_KEY_NOT_FOUND) {
            LOG.info("DC {}: the server does not know our auth key (-404); creating a new one", dcId);
            authKey = null;
            cipher = null;
            owner.onAuthKeyDropped(dcId);
        }
        if (error instanceof TransportException te && te.code() == TransportException.FLOOD) {
            // -429: too many connections or requests; wait longer before trying again
            reconnectAttempt = Math.max(reconnectAttempt, 4);
        }
        LOG.debug("DC {}: connection closed ({})", dcId, error == null ? "clean" : error.toString());
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        int attempt = reconnectAttempt++;
        settings.metrics().reconnect(dcId);
        Duration delay = settings.reconnectDelay(attempt);
        timers.once(delay, () -> execute(this::connect));
    }

    /** Drops the current connection (a dead one, or one that carried bad bytes); reconnect follows. */
    private void dropConnection(String why) {
        LOG.debug("DC {}: dropping the connection: {}", dcId, why);
        if (connection != null) {
            connection.dispose();
        }
    }

    private void disposeTimers() {
        if (ackTimer != null) {
            ackTimer.dispose();
            ackTimer = null;
        }
        if (pingTimer != null) {
            pingTimer.dispose();
            pingTimer = null;
        }
        pendingPing = null;
    }

    // ------------------------------------------------------------------ key exchange

    private void startHandshake() {
        ClientHandshakeSettings handshakeSettings = ClientHandshakeSettings
            .permanent(settings.dcOptions().handshakeDc(dcId)).withKeys(settings.dcOptions().rsaKeys());
        handshake = new ClientHandshake(handshakeSettings, random, () -> System.currentTimeMillis() / 1000);
        handshakeStartNanos = System.nanoTime();
        sendPlain(handshake.begin());
    }

    private void sendPlain(TlObject message) {
        emit(MessageCodec.encodePlain(ids.next(), message));
    }

    private void onPlainFrame(byte[] frame) {
        ClientHandshake current = handshake;
        if (current == null) {
            dropConnection("unexpected plain message");
            return;
        }
        TlObject message = MessageCodec.decodePlain(frame);
        Mono<?> step;
        // the CPU-heavy steps (RSA, 2048-bit modPow) run on the resources' computation scheduler
        Scheduler computation = settings.resources().computation();
        if (message instanceof ResPQ resPq) {
            step = Mono.fromCallable(() -> current.onResPq(resPq)).subscribeOn(computation)
                .doOnNext(next -> execute(() -> sendPlain(next)));
        } else if (message instanceof ServerDHParams params) {
            step = Mono.fromCallable(() -> current.onServerDhParams(params)).subscribeOn(computation)
                .doOnNext(next -> execute(() -> sendPlain(next)));
        } else if (message instanceof SetClientDHParamsAnswer answer) {
            step = Mono.fromCallable(() -> current.onDhGenAnswer(answer)).subscribeOn(computation)
                .doOnNext(outcome -> execute(() -> onDhGen(current, outcome)));
        } else {
            dropConnection("unexpected " + message.tlName() + " during the key exchange");
            return;
        }
        step.subscribe(null, error -> execute(() -> {
            LOG.warn("DC {}: key exchange failed: {}", dcId, error.toString());
            dropConnection("key exchange failed");
        }));
    }

    private void onDhGen(ClientHandshake current, DhGenOutcome outcome) {
        if (current != handshake) {
            return;
        }
        if (outcome instanceof DhGenOutcome.Retry retry) {
            sendPlain(retry.request());
            return;
        }
        HandshakeResult result = ((DhGenOutcome.Done) outcome).result();
        handshake = null;
        settings.metrics().keyExchange(dcId, true, Duration.ofNanos(System.nanoTime() - handshakeStartNanos));
        // persist the key before its first use
        owner.onAuthKey(dcId, result).subscribe(null,
            error -> execute(() -> {
                LOG.warn("DC {}: could not save the new auth key: {}", dcId, error.toString());
                releaseWaiters(error);
                dropConnection("auth key not saved");
            }),
            () -> execute(() -> {
                authKey = result.authKey();
                cipher = cipher(authKey);
                salts.replace(result.serverSalt());
                ids.setTimeOffsetSeconds(result.timeOffsetSeconds());
                if (connection != null) {
                    becomeReady();
                }
            }));
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
                dropConnection("encrypted message before the key exchange finished");
                return;
            }
            // the frame is our own copy: decrypt it in place and read the body where it lies
            DecryptedMessage message = cipher.decryptInPlace(MessageDirection.SERVER_TO_CLIENT,
                Unpooled.wrappedBuffer(frame), session.sessionId());
            ByteBuf body = message.body();
            session.onMessage(message.msgId(), message.seqNo(),
                new TlReader(frame, body.arrayOffset() + body.readerIndex(), body.readableBytes()));
        } catch (MtprotoSecurityException | TlDecodeException | ProtocolException e) {
            LOG.warn("DC {}: dropping a connection that carried a bad message: {}", dcId, e.getMessage());
            dropConnection(e.getMessage());
            return;
        }
        if (session.pendingAcks() >= ACK_BATCH || session.hasOutgoingRequests()) {
            flushRequested = true;
        } else if (session.pendingAcks() > 0 && ackTimer == null) {
            ackTimer = timers.once(ACK_DELAY, () -> execute(() -> {
                ackTimer = null;
                flushRequested = true;
            }));
        }
    }

    // ------------------------------------------------------------------ requests

    <R> Mono<R> invoke(TlMethod<R> method) {
        return Mono.create(sink -> {
            Submitted submitted = new Submitted(sink);
            sink.onCancel(() -> execute(submitted::cancel));
            execute(() -> submitted.submit(method));
        });
    }

    /**
     * Fails calls whose answer is overdue: one periodic sweep instead of a timer per call, which would cost a
     * scheduler task for every request.
     */
    private void sweepTimeouts() {
        long now = System.nanoTime();
        java.util.Iterator<Submitted> it = inFlight.iterator();
        while (it.hasNext()) {
            Submitted s = it.next();
            if (s.deadline - now > 0) {
                break;
            }
            it.remove();
            s.timeOut();
        }
    }

    private void ensureTimeoutSweep() {
        if (timeoutSweep == null) {
            Duration period = settings.requestTimeout().dividedBy(10).compareTo(Duration.ofMillis(100)) < 0
                ? Duration.ofMillis(100) : Duration.ofMillis(Math.min(1000, settings.requestTimeout().toMillis() / 10));
            timeoutSweep = timers.every(period, () -> execute(this::sweepTimeouts));
        }
    }

    /** One caller's request: its sink and its handle in the session. */
    private final class Submitted implements RequestSink {
        private final MonoSink<Object> sink;
        private PendingRequest request;
        private boolean wrapped;
        private boolean done;
        private long deadline;
        private String methodName;

        @SuppressWarnings("unchecked")
        Submitted(MonoSink<?> sink) {
            this.sink = (MonoSink<Object>) sink;
        }

        void submit(TlMethod<?> method) {
            if (done) {
                return;
            }
            methodName = method.tlName();
            if (closed) {
                error(new IllegalStateException("the client was closed"));
                return;
            }
            TlMethod<?> wire = method;
            if (!initialized) {
                InitConnectionParams p = settings.initConnection();
                wire = new InvokeWithLayer<>(ApiSchema.LAYER, new InitConnection<>(settings.apiId(),
                    p.deviceModel(), p.systemVersion(), p.appVersion(), p.systemLangCode(), "", p.langCode(), null,
                    null, method));
                wrapped = true;
            }
            request = session.submit(wire, compressIfWorthIt(TlWriter.serialize(wire)), this, true);
            deadline = System.nanoTime() + settings.requestTimeout().toNanos();
            inFlight.add(this);
            ensureTimeoutSweep();
            flushRequested = true;
        }

        void timeOut() {
            if (!done) {
                done = true;
                session.cancel(request);
                flushRequested = true;
                sink.error(new java.util.concurrent.TimeoutException("no answer to " + methodName + " within "
                    + settings.requestTimeout()));
            }
        }

        void cancel() {
            if (!done && request != null) {
                done = true;
                inFlight.remove(this);
                session.cancel(request);
                flushRequested = true;
            }
        }

        @Override
        public void success(Object result) {
            if (wrapped) {
                initialized = true;
            }
            done = true;
            inFlight.remove(this);
            sink.success(result);
        }

        @Override
        public void error(Throwable error) {
            if (wrapped && error instanceof RpcException) {
                initialized = true;
            }
            done = true;
            inFlight.remove(this);
            sink.error(error);
        }
    }

    /** Bodies above this size are sent as {@code gzip_packed} when that makes them smaller. */
    private static final int GZIP_THRESHOLD = 512;

    /** Large queries go as {@code gzip_packed} when compression pays (docs/protocol.md 1.5). */
    static byte[] compressIfWorthIt(byte[] body) {
        if (body.length < GZIP_THRESHOLD) {
            return body;
        }
        byte[] packed = io.mtflux.core.tl.TlGzip.gzip(body);
        if (packed.length + 8 >= body.length) {
            return body;
        }
        TlWriter w = new TlWriter(packed.length + 8);
        w.writeInt(TlReader.GZIP_PACKED_ID);
        w.writeBytes(packed);
        return w.toByteArray();
    }

    // ------------------------------------------------------------------ output

    private void flush() {
        if (!ready || cipher == null) {
            return;
        }
        ClientSession.OutboundPacket packet;
        while ((packet = session.nextPacket()) != null) {
            emit(cipher.encrypt(MessageDirection.CLIENT_TO_SERVER, packet.plaintext()));
        }
    }

    private void emit(byte[] packet) {
        if (outbound != null) {
            settings.metrics().bytesOut(packet.length);
            outbound.tryEmitNext(Unpooled.wrappedBuffer(packet));
        }
    }

    /** Asks for the next salts before the current ones expire (answered by a plain {@code future_salts}). */
    private void requestFutureSalts() {
        GetFutureSalts request = new GetFutureSalts(32);
        session.submit(request, TlWriter.serialize(request), new RequestSink() {
            @Override
            public void success(Object result) {
                LOG.debug("DC {}: got future salts", dcId);
            }

            @Override
            public void error(Throwable error) {
                LOG.debug("DC {}: get_future_salts failed: {}", dcId, error.toString());
            }
        }, false);
        flushRequested = true;
    }

    private void schedulePings() {
        Duration interval = settings.pingInterval();
        pingTimer = timers.every(interval, () -> execute(this::ping));
    }

    private void ping() {
        if (!ready) {
            return;
        }
        if (pendingPing != null) {
            dropConnection("no pong within " + settings.pingInterval());
            return;
        }
        if (session.needsSalts()) {
            requestFutureSalts();
        }
        int disconnectDelay = (int) (settings.pingInterval().toSeconds() * 3 / 2);
        PingDelayDisconnect ping = new PingDelayDisconnect(ThreadLocalRandom.current().nextLong(),
            Math.max(disconnectDelay, 5));
        pendingPing = session.submit(ping, TlWriter.serialize(ping), new RequestSink() {
            @Override
            public void success(Object result) {
                pendingPing = null;
            }

            @Override
            public void error(Throwable error) {
                pendingPing = null;
            }
        }, false);
        flushRequested = true;
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
