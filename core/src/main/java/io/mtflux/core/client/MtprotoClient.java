package io.mtflux.core.client;

import io.mtflux.core.handshake.HandshakeResult;
import io.mtflux.core.metrics.ClientMetrics;
import io.mtflux.core.metrics.MicrometerClientMetrics;
import io.mtflux.core.rpc.FloodWaitException;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.store.DcAuth;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.LeasedSessionStore;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.api.Config;
import io.mtflux.core.tl.api.DcOption;
import io.mtflux.core.tl.api.Updates;
import io.mtflux.core.tl.api.help.HelpGetConfig;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.TcpTransportClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;

/**
 * An MTProto 2.0 client: {@code invoke(method)} returns a cold {@code Mono} of the method's result type.
 *
 * <pre>{@code
 * MtprotoClient client = MtprotoClient.builder().apiId(12345).apiHash("...")
 *     .dcOptions(DcOptions.production()).sessionStore(store).build();
 * client.connect().then(client.invoke(new HelpGetNearestDc())).subscribe(System.out::println);
 * }</pre>
 *
 * <p>One connection per DC, created lazily; the auth key exchange runs only when the store has no key for that
 * DC, and a new key is saved before its first use. Calls are retried by the {@link RpcRetry} policy (flood waits
 * under a threshold slept out, 500s backed off), dropped connections reconnect and re-send what has no answer.
 * A client is a thread-safe heavyweight object; many share the same event loops.
 */
public final class MtprotoClient {
    private static final Logger LOG = LoggerFactory.getLogger(MtprotoClient.class);
    private static final int UPDATES_BUFFER = 1024;

    private final ClientSettings settings;
    private final String apiHash;
    private final SessionStore store;
    private final String accountId;
    private final RpcRetry retry;
    private final Map<Integer, DcSession> sessions = new ConcurrentHashMap<>();
    private final Sinks.Many<Updates> updates = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<StateChange> stateChanges = Sinks.many().unicast().onBackpressureBuffer();
    private volatile SessionState state;
    /** The update position, folded from every Updates; saved with the session every few seconds and on close. */
    private final java.util.concurrent.atomic.AtomicReference<io.mtflux.core.store.UpdateState> updateState =
        new java.util.concurrent.atomic.AtomicReference<>();
    private reactor.core.Disposable updateStateSaver;
    private volatile DcOptions dcOptions;

    private record StateChange(UnaryOperator<SessionState> change, MonoSink<SessionState> done) {
    }

    private MtprotoClient(Builder b) {
        this.apiHash = b.apiHash;
        this.store = b.sessionStore;
        this.accountId = b.accountId;
        this.retry = b.retry;
        this.dcOptions = b.dcOptions;
        DcConnector connector = b.connector != null ? b.connector : transportConnector(b.transport);
        this.settings = new ClientSettings(b.apiId, b.dcOptions, connector, b.initConnection, b.pingInterval,
            b.reconnectMin, b.reconnectMax, b.maxConnectAttempts,
            b.meterRegistry == null ? ClientMetrics.NONE : new MicrometerClientMetrics(b.meterRegistry),
            b.requestTimeout);
        // state changes are applied and saved one at a time, in order
        stateChanges.asFlux().concatMap(change -> Mono.defer(() -> {
            if (state == null) {
                return Mono.error(new IllegalStateException("the session is not loaded: call connect() first"));
            }
            return store.save(accountId, change.change().apply(state));
        })
            .doOnNext(saved -> state = saved)
            .doOnNext(change.done()::success)
            .doOnError(change.done()::error)
            // one failed change (a conflict, a store error) must not end the stream of later ones
            .onErrorResume(e -> Mono.empty())).subscribe();
    }

    private DcConnector transportConnector(TcpTransportClient template) {
        return dcId -> {
            DcEndpoint endpoint = dcOptions.endpoint(dcId).orElse(null);
            if (endpoint == null) {
                return Mono.error(new IllegalArgumentException("no address known for DC " + dcId));
            }
            return template.host(endpoint.host()).port(endpoint.port()).dcId(dcId).connect();
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The account's current state (after {@link #connect()}). */
    public SessionState state() {
        return state;
    }

    /** The api_hash this client was built with (for auth calls that need it; never logged). */
    public String apiHash() {
        return apiHash;
    }

    /** The api_id. */
    public int apiId() {
        return settings.apiId();
    }

    /**
     * Loads the session (or starts a fresh one), connects to the home DC (creating and saving an auth key when
     * there is none) and refreshes the DC list with {@code help.getConfig}.
     */
    public Mono<Void> connect() {
        return store.load(accountId)
            .switchIfEmpty(Mono.fromSupplier(() -> SessionState.initial(dcOptions.defaultDc(), List.of())))
            .doOnNext(loaded -> {
                state = loaded;
                updateState.compareAndSet(null, loaded.updateState());
                if (updateStateSaver == null) {
                    updateStateSaver = SessionTimers.every(Duration.ofSeconds(5), () -> saveUpdateState().subscribe(
                        null, e -> LOG.debug("saving the update state failed: {}", e.toString())));
                }
                if (!loaded.dcOptions().isEmpty()) {
                    dcOptions = dcOptions.withLearned(loaded.dcOptions());
                }
            })
            .then(Mono.defer(() -> session(state.homeDc()).start()))
            .then(Mono.defer(this::refreshConfig));
    }

    private Mono<Void> refreshConfig() {
        return invoke(new HelpGetConfig())
            .flatMap(config -> {
                List<DcEndpoint> learned = endpointsOf(config);
                dcOptions = dcOptions.withLearned(learned);
                return updateState(s -> s.withDcOptions(learned)).then();
            })
            .onErrorResume(e -> {
                LOG.info("help.getConfig failed, keeping the known DC list: {}", e.toString());
                return Mono.empty();
            });
    }

    private static List<DcEndpoint> endpointsOf(Config config) {
        List<DcEndpoint> list = new ArrayList<>();
        for (DcOption o : config.dcOptions()) {
            if (!o.cdn() && o.port() > 0 && o.port() <= 65535) {
                list.add(new DcEndpoint(o.id(), o.ipAddress(), o.port(), o.mediaOnly(), o.ipv6()));
            }
        }
        return list;
    }

    /** Calls {@code method} on the account's home DC. Cold: nothing is sent until subscription. */
    public <R> Mono<R> invoke(TlMethod<R> method) {
        return Mono.defer(() -> invoke(currentHomeDc(), method));
    }

    /** Calls {@code method} on DC {@code dcId} through that DC's own session and key. */
    public <R> Mono<R> invoke(int dcId, TlMethod<R> method) {
        Objects.requireNonNull(method, "method");
        return Mono.defer(() -> {
            if (state == null) {
                return Mono.error(new IllegalStateException("call connect() before invoke()"));
            }
            DcSession session = session(dcId);
            return session.start().then(measured(method, session.invoke(method)));
        }).retryWhen(retry);
    }

    /** Records latency and outcome of one attempt (no cost without a registry). */
    private <R> Mono<R> measured(TlMethod<R> method, Mono<R> call) {
        ClientMetrics metrics = settings.metrics();
        if (metrics == ClientMetrics.NONE) {
            return call;
        }
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return call.doOnEach(signal -> {
                if (signal.isOnNext() || signal.isOnError()) {
                    Throwable error = signal.getThrowable();
                    String outcome = error == null ? "ok"
                        : error instanceof RpcException rpc ? rpc.errorType() : error.getClass().getSimpleName();
                    metrics.rpc(method.tlName(), outcome, Duration.ofNanos(System.nanoTime() - start));
                    if (error instanceof FloodWaitException flood) {
                        metrics.floodWait(method.tlName(), flood.seconds());
                    }
                }
            });
        });
    }

    private int currentHomeDc() {
        SessionState s = state;
        return s == null ? dcOptions.defaultDc() : s.homeDc();
    }

    /** Makes {@code dcId} the account's home DC (after a PHONE/USER/NETWORK migration) and saves it. */
    public Mono<Void> setHomeDc(int dcId) {
        return updateState(s -> s.withHomeDc(dcId)).then();
    }

    /** Applies a change to the stored state and saves it (serialized with every other change). */
    public Mono<SessionState> updateState(UnaryOperator<SessionState> change) {
        return Mono.create(sink -> stateChanges.emitNext(new StateChange(change, sink),
            Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1))));
    }

    /**
     * Updates from every DC: pushed by the server or carried by results. Multicast; each subscriber has a buffer
     * of 1024 updates and, when it falls behind, the oldest are dropped (and logged) rather than the heap growing.
     */
    public Flux<Updates> updates() {
        return updates.asFlux().onBackpressureBuffer(UPDATES_BUFFER,
            dropped -> LOG.warn("a slow updates subscriber dropped {}", dropped.tlName()),
            BufferOverflowStrategy.DROP_OLDEST);
    }

    /** The update state (pts, qts, date, seq) as far as the updates seen so far tell; null when unknown. */
    public io.mtflux.core.store.UpdateState currentUpdateState() {
        return updateState.get();
    }

    /** Saves the tracked update state when it moved since the stored one. */
    private Mono<Void> saveUpdateState() {
        io.mtflux.core.store.UpdateState current = updateState.get();
        SessionState s = state;
        if (current == null || s == null || current.equals(s.updateState())) {
            return Mono.empty();
        }
        return updateState(st -> st.withUpdateState(current)).then();
    }

    /**
     * Closes every DC connection (saving the update state first); pending calls fail. When the session store is
     * a {@link LeasedSessionStore}, its lease is released last.
     */
    public Mono<Void> close() {
        return Mono.defer(() -> {
            if (updateStateSaver != null) {
                updateStateSaver.dispose();
            }
            return saveUpdateState().onErrorResume(e -> Mono.empty());
        }).then(Flux.fromIterable(sessions.values()).flatMap(DcSession::close).then())
            .then(Mono.defer(() -> store instanceof LeasedSessionStore leased ? leased.release()
                .onErrorResume(e -> {
                    LOG.warn("releasing the lease failed: {}", e.toString());
                    return Mono.empty();
                }) : Mono.<Void>empty()))
            .doFinally(s -> updates.tryEmitComplete());
    }

    private DcSession session(int dcId) {
        return sessions.computeIfAbsent(dcId, id -> {
            DcAuth auth = state == null ? null : state.dcs().get(id);
            return new DcSession(id, settings.withDcOptions(dcOptions), new Owner(),
                auth == null ? null : auth.authKey(), auth == null ? 0 : auth.serverSalt(),
                auth == null ? 0 : auth.timeOffsetSeconds());
        });
    }

    private final class Owner implements DcSession.Owner {
        @Override
        public Mono<Void> onAuthKey(int dcId, HandshakeResult result) {
            return updateState(s -> s.withDc(dcId, new DcAuth(result.authKey(), Instant.now(), result.serverSalt(),
                result.timeOffsetSeconds(), false))).then();
        }

        @Override
        public void onAuthKeyDropped(int dcId) {
            updateState(s -> s.withoutDc(dcId)).subscribe(null,
                e -> LOG.warn("could not forget the dropped key of DC {}: {}", dcId, e.toString()));
        }

        @Override
        public void onUpdates(int dcId, Updates u) {
            updateState.updateAndGet(current -> UpdateStateTracker.apply(current, u));
            updates.tryEmitNext(u);
        }
    }

    /** Builds an {@link MtprotoClient}; every setter returns this builder. */
    public static final class Builder {
        private int apiId;
        private String apiHash;
        private DcOptions dcOptions = DcOptions.production();
        private TcpTransportClient transport = MtprotoTransport.tcp();
        private DcConnector connector;
        private SessionStore sessionStore = new InMemorySessionStore();
        private String accountId = "default";
        private InitConnectionParams initConnection = InitConnectionParams.defaults();
        private RpcRetry retry = RpcRetry.defaults();
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration pingInterval = Duration.ofSeconds(60);
        private Duration reconnectMin = Duration.ofMillis(100);
        private Duration reconnectMax = Duration.ofSeconds(30);
        private int maxConnectAttempts = 5;
        private io.micrometer.core.instrument.MeterRegistry meterRegistry;

        private Builder() {
        }

        /**
         * Records metrics (names under {@code mtproto.}) to this registry. Micrometer is an optional dependency:
         * without a registry nothing is measured and nothing costs.
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry value) {
            this.meterRegistry = Objects.requireNonNull(value, "meterRegistry");
            return this;
        }

        public Builder apiId(int value) {
            this.apiId = value;
            return this;
        }

        public Builder apiHash(String value) {
            this.apiHash = Objects.requireNonNull(value, "apiHash");
            return this;
        }

        /** Where the DCs are: {@link DcOptions#production()} (default), {@link DcOptions#test()} or custom. */
        public Builder dcOptions(DcOptions value) {
            this.dcOptions = Objects.requireNonNull(value, "dcOptions");
            return this;
        }

        /** The transport template (framing, obfuscation, proxy, loop resources); host, port and DC are set per
         * connection. */
        public Builder transport(TcpTransportClient value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /** Connects through a SOCKS or HTTP CONNECT proxy (applied to the current transport template). */
        public Builder proxy(io.mtflux.transport.proxy.ProxyConfig value) {
            this.transport = transport.proxy(Objects.requireNonNull(value, "proxy"));
            return this;
        }

        /** Connects through an MTProxy (applied to the current transport template). */
        public Builder mtproxy(io.mtflux.transport.mtproxy.MtProxyConfig value) {
            this.transport = transport.mtproxy(Objects.requireNonNull(value, "mtproxy"));
            return this;
        }

        /** Replaces how connections are opened altogether (tests, custom transports). */
        public Builder connector(DcConnector value) {
            this.connector = Objects.requireNonNull(value, "connector");
            return this;
        }

        public Builder sessionStore(SessionStore value) {
            this.sessionStore = Objects.requireNonNull(value, "sessionStore");
            return this;
        }

        /** The key of this account in the session store (default "default"). */
        public Builder accountId(String value) {
            this.accountId = Objects.requireNonNull(value, "accountId");
            return this;
        }

        public Builder initConnection(InitConnectionParams value) {
            this.initConnection = Objects.requireNonNull(value, "initConnection");
            return this;
        }

        /** The retry policy of every call (default {@link RpcRetry#defaults()}). */
        public Builder retry(RpcRetry value) {
            this.retry = Objects.requireNonNull(value, "retry");
            return this;
        }

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = Objects.requireNonNull(value, "requestTimeout");
            return this;
        }

        public Builder pingInterval(Duration value) {
            this.pingInterval = Objects.requireNonNull(value, "pingInterval");
            return this;
        }

        /** Reconnect backoff: first delay and cap (doubling with jitter in between). */
        public Builder reconnectBackoff(Duration min, Duration max) {
            this.reconnectMin = Objects.requireNonNull(min, "min");
            this.reconnectMax = Objects.requireNonNull(max, "max");
            return this;
        }

        public Builder maxConnectAttempts(int value) {
            this.maxConnectAttempts = value;
            return this;
        }

        public MtprotoClient build() {
            if (apiId <= 0 || apiHash == null || apiHash.isEmpty()) {
                throw new IllegalStateException("apiId and apiHash are required");
            }
            // seed the shared DRBG here, on the caller's thread: seeding reads the OS entropy source, which must
            // not happen on an event loop
            io.mtflux.core.crypto.RandomSource.secure().nextLong();
            io.mtflux.transport.obfuscation.TransportRandom.warmUp();
            return new MtprotoClient(this);
        }
    }
}
