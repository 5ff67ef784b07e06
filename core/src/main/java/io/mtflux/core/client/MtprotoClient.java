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
    private final ClientResources resources;
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
    /** Orders updates by pts/qts/seq and recovers gaps with updates.getDifference before emitting them. */
    private final UpdateSequencer sequencer = new UpdateSequencer(updateState, this::invoke,
        u -> updates.tryEmitNext(u));
    private volatile DcOptions dcOptions;
    /** Logs the account in on non-home DCs before their first call (null: calls go out as they are). */
    private volatile DcAuthorizer dcAuthorizer;
    /** The DC authorizations under way, one per DC, shared by concurrent first calls. */
    private final Map<Integer, Mono<Void>> dcAuthorizing = new ConcurrentHashMap<>();
    private final DcAuthorizer.DirectCalls directCalls = new DcAuthorizer.DirectCalls() {
        @Override
        public <R> Mono<R> invoke(int dcId, TlMethod<R> method) {
            return invokeDirect(dcId, method);
        }
    };

    private record StateChange(UnaryOperator<SessionState> change, MonoSink<SessionState> done) {
    }

    private MtprotoClient(Builder b, ClientResources resources) {
        this.apiHash = b.apiHash;
        this.store = b.sessionStore;
        this.accountId = b.accountId;
        this.retry = b.retry;
        this.dcOptions = b.dcOptions;
        this.resources = resources;
        TcpTransportClient transport = b.transport.loopResources() == null
            ? b.transport.loopResources(resources.loops()) : b.transport;
        DcConnector connector = b.connector != null ? b.connector : transportConnector(transport);
        io.micrometer.core.instrument.MeterRegistry registry = b.meterRegistry != null ? b.meterRegistry
            : resources.meterRegistry();
        this.settings = new ClientSettings(b.apiId, b.dcOptions, connector, b.initConnection, b.pingInterval,
            b.reconnectMin, b.reconnectMax, b.maxConnectAttempts,
            registry == null ? ClientMetrics.NONE : new MicrometerClientMetrics(registry),
            b.requestTimeout, resources);
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

    /** The shared resources this client runs on (its {@link #close()} leaves them alone). */
    public ClientResources resources() {
        return resources;
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
                    updateStateSaver = resources.timers().every(Duration.ofSeconds(5), () -> saveUpdateState()
                        .subscribe(null, e -> LOG.debug("saving the update state failed: {}", e.toString())));
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
        Objects.requireNonNull(method, "method");
        return withRetry(Mono.defer(() -> attempt(currentHomeDc(), method)));
    }

    /**
     * Calls {@code method} on DC {@code dcId} through that DC's own session and key. When a {@link DcAuthorizer}
     * is installed and the account is logged in, the first call on a DC other than the home DC waits for the
     * account to be authorized there.
     */
    public <R> Mono<R> invoke(int dcId, TlMethod<R> method) {
        Objects.requireNonNull(method, "method");
        if (dcAuthorizer == null) {
            return invokeDirect(dcId, method);
        }
        return Mono.defer(() -> authorizedOn(dcId)).then(invokeDirect(dcId, method));
    }

    private <R> Mono<R> invokeDirect(int dcId, TlMethod<R> method) {
        return withRetry(Mono.defer(() -> attempt(dcId, method)));
    }

    /** One attempt of a call. */
    private <R> Mono<R> attempt(int dcId, TlMethod<R> method) {
        if (state == null) {
            return Mono.error(new IllegalStateException("call connect() before invoke()"));
        }
        DcSession session = session(dcId);
        Mono<R> call = measured(method, session.invoke(method));
        return session.isReady() ? call : session.start().then(call);
    }

    /**
     * The retry policy around {@code attempt}, set up only once an attempt has failed: the first failure is
     * handed to the policy as its first signal, then the policy resubscribes to {@code attempt} as it sees fit,
     * exactly as {@code attempt.retryWhen(retry)} would, without building the retry machinery for every call
     * that succeeds at once.
     */
    private <R> Mono<R> withRetry(Mono<R> attempt) {
        return attempt.onErrorResume(first -> {
            boolean[] replayed = {false};
            return Mono.defer(() -> {
                if (!replayed[0]) {
                    replayed[0] = true;
                    return Mono.<R>error(first);
                }
                return attempt;
            }).retryWhen(retry);
        });
    }

    /**
     * Installs the hook that logs the account in on other DCs before their first call, unless one is installed
     * already (the first one stays).
     *
     * @return whether {@code authorizer} was installed
     */
    public boolean installDcAuthorizer(DcAuthorizer authorizer) {
        Objects.requireNonNull(authorizer, "authorizer");
        synchronized (dcAuthorizing) {
            if (dcAuthorizer != null) {
                return false;
            }
            dcAuthorizer = authorizer;
            return true;
        }
    }

    /** Empty when no authorization is needed on {@code dcId}; else the (shared) authorization under way. */
    private Mono<Void> authorizedOn(int dcId) {
        if (!needsAuthorization(dcId)) {
            return Mono.empty();
        }
        // re-checked inside: an authorization that just finished has saved its DC before leaving the map
        Mono<Void> shared = dcAuthorizing.computeIfAbsent(dcId, id -> !needsAuthorization(id) ? null
            : dcAuthorizer.authorize(id, directCalls)
                .doFinally(signal -> dcAuthorizing.remove(id))
                .cache());
        return shared == null ? Mono.empty() : shared;
    }

    private boolean needsAuthorization(int dcId) {
        SessionState s = state;
        return s != null && s.userId() != null && dcId != s.homeDc()
            && !s.dc(dcId).map(DcAuth::authorized).orElse(false);
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
     * Updates from every DC: pushed by the server or carried by results, in pts/qts/seq order with gaps filled by
     * {@code updates.getDifference} and duplicates dropped. Multicast; each subscriber has a buffer of 1024
     * updates and, when it falls behind, the oldest are dropped (and logged) rather than the heap growing.
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
            sequencer.offer(u);
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
        private ClientResources resources;

        private Builder() {
        }

        /**
         * The event loops, timer, scheduler and random source this client shares with others (default
         * {@link ClientResources#shared()}). A transport with its own {@code loopResources} keeps them; a meter
         * registry given here wins over the resources' one. The client's {@link MtprotoClient#close()} never shuts
         * the resources down.
         */
        public Builder resources(ClientResources value) {
            this.resources = Objects.requireNonNull(value, "resources");
            return this;
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
            // the shared default is created (and its random source seeded) here, on the caller's thread: seeding
            // reads the OS entropy source, which must not happen on an event loop
            ClientResources r = resources != null ? resources : ClientResources.shared();
            if (r.isShutdown()) {
                throw new IllegalStateException("the client resources were shut down");
            }
            io.mtflux.transport.obfuscation.TransportRandom.warmUp();
            return new MtprotoClient(this, r);
        }
    }
}
