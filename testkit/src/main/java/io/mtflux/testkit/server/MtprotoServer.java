package io.mtflux.testkit.server;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.RsaPrivateKey;
import io.mtflux.core.internal.server.ServerHandshakeSettings;
import io.mtflux.testkit.layer.ApiLayers;
import io.mtflux.testkit.tls.TlsCredentials;
import io.mtflux.transport.FrameServer;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.TransportServer;
import io.netty.handler.ssl.SslContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * One fake DC: a transport server (framing detected per connection) that runs the server half of the key
 * exchange, keeps auth keys and sessions, validates every client message (msg_key, auth_key_id, msg_id window
 * and parity, seq_no, salt), answers the MTProto service messages, unwraps {@code invokeWithLayer} /
 * {@code initConnection} / {@code invokeWithoutUpdates} / {@code invokeAfterMsg(s)}, and hands API queries to an
 * {@link RpcHandler}. Faults can be injected while it runs. One port serves MTProto over TCP, over WebSocket
 * ({@code ws://host:port/apiws}, always on: telling them apart costs one look at a connection's first byte) and,
 * with {@link Builder#tls(TlsCredentials)}, over WebSocket in TLS ({@code wss://}).
 *
 * <p>Perfect forward secrecy (https://core.telegram.org/api/pfs): a key made with {@code p_q_inner_data_temp(_dc)}
 * is temporary; the server forgets it once its expires_in has passed on the {@link Builder#clock clock} (a message
 * on it then gets transport error -404, as on any unknown key). The server itself answers auth.bindTempAuthKey
 * and refuses every other method but help.getConfig and help.getNearestDc on an unbound temporary key (401
 * AUTH_KEY_PERM_EMPTY); a bound one reaches the handler with its permanent key's authorization
 * ({@link ServerAuthKey#authorizationKey()}). {@link #keyLog()} records which key encrypted each message.
 *
 * <pre>{@code
 * MtprotoServer dc = MtprotoServer.builder().dcId(2).rsaKey(key).handler(handler).build();
 * dc.start().block();   // dc.port()
 * }</pre>
 */
public final class MtprotoServer {
    private final int dcId;
    private final String host;
    private final int requestedPort;
    private final RsaPrivateKey rsaKey;
    private final boolean testMode;
    private final RpcHandler handler;
    private final Clock clock;
    private final String webSocketPath;
    private final SslContext tls;
    private final TlsCredentials tlsCredentials;
    private final Faults faults = new Faults();
    private final KeyLog keyLog = new KeyLog();
    private final TempKeyBindings bindings;
    private final Map<Long, ServerAuthKey> authKeys = new ConcurrentHashMap<>();
    private final Map<SessionKey, ServerMessageSession> sessions = new ConcurrentHashMap<>();
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Map<Integer, AtomicInteger> badMsgNotifications = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> resentQueries = new ConcurrentHashMap<>();
    /** A DRBG seeded once (here, on the builder's thread): it never reads a device on an event loop. */
    private final RandomSource random = RandomSource.secure();
    final ServerMessageIds messageIds = new ServerMessageIds(faults::nowMillis);
    private volatile FrameServer server;
    private volatile int boundPort;

    record SessionKey(long authKeyId, long sessionId) {
    }

    private MtprotoServer(Builder b) {
        this.dcId = b.dcId;
        this.host = b.host;
        this.requestedPort = b.port;
        this.rsaKey = Objects.requireNonNull(b.rsaKey, "rsaKey");
        this.testMode = b.testMode;
        this.handler = Objects.requireNonNull(b.handler, "handler");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.bindings = new TempKeyBindings(this::authKey, clock::millis, faults::nowMillis, keyLog);
        this.webSocketPath = b.webSocketPath;
        this.tlsCredentials = b.tls;
        this.tls = b.tls == null ? null : b.tls.serverContext();
        random.nextLong(); // seeds the shared DRBG off the event loops
    }

    /**
     * {@return a builder; an RSA key and a handler are required}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the listener; completes with this server once it accepts connections. A restart after
     * {@link #stop()} binds the same port again, so clients reconnect to it.
     *
     * @return this server, listening
     */
    public Mono<MtprotoServer> start() {
        // the older layers' schemas are read and planned once per JVM, off the event loops
        TransportServer transport = MtprotoTransport.server().host(host)
            .port(boundPort != 0 ? boundPort : requestedPort)
            .websocket(webSocketPath)
            .handle(conn -> new ServerConnection(this, conn).run());
        if (tls != null) {
            transport = transport.sslContext(tls);
        }
        Mono<FrameServer> bind = transport.bind()
            .doOnNext(bound -> {
                server = bound;
                boundPort = bound.port();
            });
        return ApiLayers.preload().then(bind).thenReturn(this);
    }

    /**
     * Stops listening and closes every connection; completes once the port is free. Keys and sessions stay, so a
     * {@link #start()} afterwards is a server restart.
     *
     * @return completes once the port is free
     */
    public Mono<Void> stop() {
        return Mono.defer(() -> {
            FrameServer s = server;
            dropConnections();
            if (s == null) {
                return Mono.empty();
            }
            s.dispose();
            return s.onDispose();
        });
    }

    /**
     * {@return the DC id this server is}
     */
    public int dcId() {
        return dcId;
    }

    /**
     * {@return the address it binds and announces}
     */
    public String host() {
        return host;
    }

    /** {@return the port it listens on (after {@link #start()})} */
    public int port() {
        return boundPort;
    }

    /**
     * {@return the RSA key it proves itself with in the key exchange}
     */
    public RsaPrivateKey rsaKey() {
        return rsaKey;
    }

    /** {@return the HTTP path of the WebSocket endpoint on this DC's port ({@code /apiws})} */
    public String webSocketPath() {
        return webSocketPath;
    }

    /** {@return the TLS certificate and key of {@code wss://}, or null when this DC serves only {@code ws://}} */
    public TlsCredentials tls() {
        return tlsCredentials;
    }

    /**
     * {@return the faults to inject into this DC}
     */
    public Faults faults() {
        return faults;
    }

    /** {@return the auth keys this DC knows (expired temporary keys are forgotten first)} */
    public List<ServerAuthKey> authKeys() {
        forgetExpiredKeys();
        return List.copyOf(authKeys.values());
    }

    /**
     * Which key encrypted each message this DC accepted, and counters of keys created, bindings and expiries: what
     * a test checks PFS against.
     *
     * @return the log
     */
    public KeyLog keyLog() {
        return keyLog;
    }

    /**
     * How many {@code bad_msg_notification}s with this error code the DC has sent since it started (16: msg_id too
     * low, the client's clock behind; 17: too high, ahead; 18, 20, 32 to 35, 48, 64: see the MTProto service
     * messages), so a test can check that the fault it injected was met.
     *
     * @param errorCode the notification's error_code
     * @return how many were sent
     */
    public int badMsgNotificationsSent(int errorCode) {
        AtomicInteger n = badMsgNotifications.get(errorCode);
        return n == null ? 0 : n.get();
    }

    /**
     * How many times a client sent again, under the same msg_id, a query of this method that the DC had already
     * received (still executing, or answered: the answer is sent again, the query not executed twice), since the
     * DC started: a call that was in flight when its connection died and that the client re-sent.
     *
     * @param tlName the method's TL name, e.g. {@code auth.signIn}
     * @return how many such re-sends arrived
     */
    public int resentQueries(String tlName) {
        AtomicInteger n = resentQueries.get(tlName);
        return n == null ? 0 : n.get();
    }

    void countResentQuery(String tlName) {
        resentQueries.computeIfAbsent(tlName, c -> new AtomicInteger()).incrementAndGet();
    }

    void countBadMsgNotification(int errorCode) {
        badMsgNotifications.computeIfAbsent(errorCode, c -> new AtomicInteger()).incrementAndGet();
    }

    // ------------------------------------------------------------------ faults on the connection level

    /** Closes every open connection (clients reconnect and re-send). */
    public void dropConnections() {
        for (ServerConnection c : List.copyOf(connections)) {
            c.close();
        }
    }

    /**
     * Black-holes every open connection: from now on the server reads what each carries and never answers it (no
     * pong, no rpc_result, no update, no transport error) nor closes it, as a connection lost in the network. The
     * client's keepalive ({@code ping_delay_disconnect}) has to notice, drop it and reconnect; answers computed
     * meanwhile are kept for the re-sent queries. New connections are answered as usual (see
     * {@link Faults#blackHoleNewConnections(int)}).
     *
     * @return how many connections were black-holed
     */
    public int blackHole() {
        return silence(ServerConnection.Silence.BLACK_HOLE);
    }

    /**
     * Leaves every open connection half-open: the server's side vanishes without a FIN or RST reaching the client.
     * From now on the server neither handles what arrives (it stops reading) nor sends anything, and it never closes
     * the connection; only the client's keepalive can notice. New connections are answered as usual.
     *
     * @return how many connections were left half-open
     */
    public int halfOpen() {
        return silence(ServerConnection.Silence.HALF_OPEN);
    }

    private int silence(ServerConnection.Silence how) {
        int count = 0;
        for (ServerConnection c : List.copyOf(connections)) {
            if (c.silence(how)) {
                count++;
            }
        }
        return count;
    }

    /** {@return how many connections are open now, silent ones (black holes, half-open) included} */
    public int openConnections() {
        return connections.size();
    }

    /** {@return how many connections are open now and silent (black-holed or half-open)} */
    public int silentConnections() {
        int count = 0;
        for (ServerConnection c : connections) {
            if (c.silence() != ServerConnection.Silence.NONE) {
                count++;
            }
        }
        return count;
    }

    /** {@return how many connections this server has accepted since it was built (over restarts)} */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Forgets every session: the next message of each gets {@code new_session_created}. */
    public void forgetSessions() {
        sessions.clear();
    }

    /** Forgets every auth key: clients get transport error -404 and must create a new key. */
    public void forgetAuthKeys() {
        for (ServerAuthKey key : List.copyOf(authKeys.values())) {
            bindings.forget(key);
        }
        authKeys.clear();
        sessions.clear();
    }

    /**
     * Forgets one auth key and its sessions and bindings, as a DC that lost it would: messages encrypted with it get
     * -404; a temporary key bound to it is unbound (its calls get 401 AUTH_KEY_PERM_EMPTY) and a binding naming it
     * gets ENCRYPTED_MESSAGE_INVALID.
     *
     * @param authKeyId the key's id
     * @return whether the key was known
     */
    public boolean forgetAuthKey(long authKeyId) {
        ServerAuthKey key = authKeys.remove(authKeyId);
        if (key == null) {
            return false;
        }
        sessions.keySet().removeIf(s -> s.authKeyId() == authKeyId);
        bindings.forget(key);
        return true;
    }

    /** Gives every key a new salt at once, without the grace period: clients get {@code bad_server_salt}. */
    public void rotateSalts() {
        for (ServerAuthKey key : authKeys.values()) {
            key.replaceSalt(random.nextLong());
        }
    }

    // ------------------------------------------------------------------ used by connections

    ServerHandshakeSettings handshakeSettings() {
        return ServerHandshakeSettings.of(rsaKey)
            .withAcceptsDc(ServerHandshakeSettings.dcMatcher(dcId, testMode))
            .withKeyIdTaken(key -> authKeys.containsKey(key.id()));
    }

    /**
     * Stores a key a key exchange created.
     *
     * @param expiresIn for a temporary key its lifetime in seconds, else 0
     */
    ServerAuthKey register(AuthKey key, long salt, int expiresIn) {
        forgetExpiredKeys();
        long now = clock.millis();
        ServerAuthKey serverKey = new ServerAuthKey(key, salt, Instant.ofEpochMilli(now),
            expiresIn > 0 ? now + expiresIn * 1000L : Long.MAX_VALUE);
        authKeys.put(key.id(), serverKey);
        keyLog.created(serverKey);
        return serverKey;
    }

    /** The live key with this id; null when unknown or expired (an expired temporary key is forgotten here). */
    ServerAuthKey authKey(long id) {
        ServerAuthKey key = authKeys.get(id);
        if (key != null && key.expiredAt(clock.millis())) {
            forget(key);
            return null;
        }
        return key;
    }

    /** Forgets an expired temporary key as Telegram does: it lives in RAM only (https://core.telegram.org/api/pfs). */
    private void forget(ServerAuthKey key) {
        if (authKeys.remove(key.id(), key)) {
            sessions.keySet().removeIf(s -> s.authKeyId() == key.id());
            bindings.forget(key);
            keyLog.expired();
        }
    }

    private void forgetExpiredKeys() {
        long now = clock.millis();
        List<ServerAuthKey> expired = new ArrayList<>();
        for (ServerAuthKey key : authKeys.values()) {
            if (key.expiredAt(now)) {
                expired.add(key);
            }
        }
        expired.forEach(this::forget);
    }

    TempKeyBindings bindings() {
        return bindings;
    }

    void used(ServerAuthKey key, long sessionId, long msgId) {
        keyLog.used(key, sessionId, msgId);
    }

    /** The session, and whether it was created by this call. */
    ServerMessageSession session(ServerAuthKey key, long sessionId, boolean[] created) {
        return sessions.computeIfAbsent(new SessionKey(key.id(), sessionId), k -> {
            created[0] = true;
            return new ServerMessageSession(key, sessionId);
        });
    }

    RpcHandler handler() {
        return handler;
    }

    long randomLong() {
        return random.nextLong();
    }

    void opened(ServerConnection c) {
        accepted.incrementAndGet();
        connections.add(c);
    }

    void closed(ServerConnection c) {
        connections.remove(c);
    }

    /** Configures a {@link MtprotoServer}. */
    public static final class Builder {
        private int dcId = 1;
        private String host = "127.0.0.1";
        private int port;
        private RsaPrivateKey rsaKey;
        private boolean testMode;
        private RpcHandler handler;
        private Clock clock = Clock.systemUTC();
        private String webSocketPath = "/apiws";
        private TlsCredentials tls;

        private Builder() {
        }

        /**
         * The HTTP path of the WebSocket endpoint (default {@code /apiws}, as Telegram's).
         *
         * @param value a path starting with {@code /}
         * @return this
         */
        public Builder webSocketPath(String value) {
            if (value == null || !value.startsWith("/")) {
                throw new IllegalArgumentException("a WebSocket path starts with '/'");
            }
            this.webSocketPath = value;
            return this;
        }

        /**
         * Serve {@code wss://} too, on the same port, with this certificate (default: {@code ws://} only).
         *
         * @param value the certificate and key, or null for none
         * @return this
         */
        public Builder tls(TlsCredentials value) {
            this.tls = value;
            return this;
        }

        /**
         * The DC id (default 1).
         *
         * @param value the id
         * @return this
         */
        public Builder dcId(int value) {
            this.dcId = value;
            return this;
        }

        /**
         * The address to bind and announce (default {@code 127.0.0.1}).
         *
         * @param value an address or host name
         * @return this
         */
        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /**
         * 0 (the default) picks a free port.
         *
         * @param value the port, or 0
         * @return this
         */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /**
         * The RSA key the server proves itself with (required; clients must trust its public half).
         *
         * @param value the private key
         * @return this
         */
        public Builder rsaKey(RsaPrivateKey value) {
            this.rsaKey = value;
            return this;
        }

        /**
         * Accept the test-DC form of the handshake's dc field (DC id + 10000).
         *
         * @param value whether to accept it
         * @return this
         */
        public Builder testMode(boolean value) {
            this.testMode = value;
            return this;
        }

        /**
         * What answers API queries (required).
         *
         * @param value the handler
         * @return this
         */
        public Builder handler(RpcHandler value) {
            this.handler = value;
            return this;
        }

        /**
         * The clock temporary keys expire by (default: the system clock); tests move it instead of sleeping. The
         * server time clients see (server_time, msg_id checks) stays the real clock plus {@link Faults#clockSkew}.
         *
         * @param value the clock
         * @return this
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * {@return the server, not started}
         */
        public MtprotoServer build() {
            return new MtprotoServer(this);
        }
    }
}
