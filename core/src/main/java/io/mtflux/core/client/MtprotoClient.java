package io.mtflux.core.client;

import io.mtflux.core.event.ClientEvent;
import io.mtflux.core.event.ConnectionState;
import io.mtflux.core.event.ConnectionStateChanged;
import io.mtflux.core.event.RevocationReason;
import io.mtflux.core.event.SessionRevoked;
import io.mtflux.core.handshake.HandshakeResult;
import io.mtflux.core.metrics.ClientMetrics;
import io.mtflux.core.metrics.MicrometerClientMetrics;
import io.mtflux.core.rpc.AlreadyExecutedException;
import io.mtflux.core.rpc.FloodWaitException;
import io.mtflux.core.rpc.MigrateException;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.store.DcAuth;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.LeasedSessionStore;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.store.UpdateState;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.api.Config;
import io.mtflux.core.tl.api.DcOption;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.Updates;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.auth.AuthExportAuthorization;
import io.mtflux.core.tl.api.auth.AuthImportAuthorization;
import io.mtflux.core.tl.api.auth.AuthLogOut;
import io.mtflux.core.tl.api.auth.AuthLoginTokenSuccess;
import io.mtflux.core.tl.api.auth.AuthSentCodeSuccess;
import io.mtflux.core.tl.api.auth.BaseAuthAuthorization;
import io.mtflux.core.tl.api.help.HelpGetConfig;
import io.mtflux.core.tl.api.updates.UpdatesGetState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * An MTProto 2.0 client for one account: {@code invoke(method)} returns a cold {@code Mono} of the method's result
 * type. Configured by an immutable {@link ClientOptions}; created with {@link #create(ClientOptions)}.
 *
 * <pre>{@code
 * MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
 *     .apiId(12345).apiHash("...").sessionStore(store).build());
 * client.connect().then(client.invoke(new HelpGetNearestDc())).subscribe(System.out::println);
 * }</pre>
 *
 * <p>{@link #connect()} loads the session and opens the home DC's connection, running the auth-key exchange when
 * the store has no key for it (the new key is saved before its first use). Other DCs are connected lazily, each
 * with its own key. Every call follows DC migrations by itself: {@code PHONE_MIGRATE_X}, {@code USER_MIGRATE_X}
 * and {@code NETWORK_MIGRATE_X} make X the account's home DC (saved in the session) and repeat the call there,
 * {@code FILE_MIGRATE_X} and {@code STATS_MIGRATE_X} repeat it on X, at most
 * {@link ClientOptions#maxMigrations()} times per call. Once the account is logged in, the first call on a DC
 * other than the home DC first copies the authorization there ({@code auth.exportAuthorization} on the home DC,
 * {@code auth.importAuthorization} on that DC), once per DC, remembered in the session. Calls are retried by the
 * {@link ClientOptions#retry()} policy (flood waits under a threshold slept out, 500s backed off); dropped
 * connections reconnect after {@link ClientOptions#reconnectDelay()} and re-send what has no answer. When the server
 * ends a logged-in account's authorization (the 401 family, {@code AUTH_KEY_DUPLICATED}), the session is saved
 * logged out and {@link #events()} emits one {@link SessionRevoked}. A client is a thread-safe heavyweight object;
 * many share the event loops of one {@link ClientResources}.
 */
public final class MtprotoClient {
    private static final Logger LOG = LoggerFactory.getLogger(MtprotoClient.class);
    private static final int UPDATES_BUFFER = 1024;
    private static final int EVENTS_BUFFER = 256;
    /** "The home DC", as a call's target: read when each attempt starts, so it follows migrations. */
    private static final int HOME_DC = 0;

    private final ClientOptions options;
    /** Replaced once by {@link #connect()} when the credentials come from the stored session. */
    private volatile ClientSettings settings;
    private final ClientResources resources;
    private final SessionStore store;
    private final String accountId;
    private final Map<Integer, DcConnection> sessions = new ConcurrentHashMap<>();
    private final Sinks.Many<Updates> updates = Sinks.many().multicast().directBestEffort();
    /** Session changes, applied one at a time; a short queue (linked in chunks of 8): changes are rare. */
    private final Sinks.Many<SessionChange> sessionChanges = Sinks.many().unicast()
        .onBackpressureBuffer(Queues.<SessionChange>unbounded(8).get());
    /** Client events: multicast, no replay (a late subscriber reads the current state from {@link #session()}). */
    private final Sinks.Many<ClientEvent> events = Sinks.many().multicast().directBestEffort();
    /** DCs whose key a revocation is dropping: a connection made before the save lands must not reuse the key. */
    private final Set<Integer> droppingKeys = ConcurrentHashMap.newKeySet();
    /** The last {@link ConnectionState} emitted per DC, so that each change is emitted once. */
    private final Map<Integer, ConnectionState> connectionStates = new ConcurrentHashMap<>();
    private volatile SessionState session;
    /** The update position, folded from every Updates; saved with the session every few seconds and on close. */
    private final AtomicReference<UpdateState> updateState = new AtomicReference<>();
    private Disposable updateStateSaver;
    /** Orders updates by pts/qts/seq and recovers gaps with updates.getDifference before emitting them. */
    private final UpdateSequencer sequencer = new UpdateSequencer(updateState, this::invoke,
        () -> invoke(new UpdatesGetState()), u -> updates.tryEmitNext(u));
    private volatile DcOptions dcOptions;
    /** The DC authorizations under way, one per DC, shared by concurrent first calls. */
    private final Map<Integer, Mono<Void>> dcAuthorizing = new ConcurrentHashMap<>();

    private record SessionChange(UnaryOperator<SessionState> change, MonoSink<SessionState> done) {
    }

    private MtprotoClient(ClientOptions options, ClientResources resources) {
        this.options = options;
        this.store = options.sessionStore();
        this.accountId = options.accountId();
        this.dcOptions = options.dcOptions();
        this.resources = resources;
        io.micrometer.core.instrument.MeterRegistry registry = options.meterRegistry()
            .orElse(resources.meterRegistry());
        this.settings = new ClientSettings(options, options.dcOptions(),
            registry == null ? ClientMetrics.NONE : new MicrometerClientMetrics(registry), resources);
        // session changes are applied and saved one at a time, in order
        sessionChanges.asFlux().concatMap(change -> Mono.defer(() -> {
            if (session == null) {
                return Mono.error(new IllegalStateException("the session is not loaded: call connect() first"));
            }
            SessionState next = change.change().apply(session);
            // a change that changes nothing is not saved (a revocation seen twice, an already marked DC)
            return next == session ? Mono.just(session) : store.save(accountId, next);
        })
            .doOnNext(saved -> session = saved)
            .doOnNext(change.done()::success)
            .doOnError(change.done()::error)
            // one failed change (a conflict, a store error) must not end the stream of later ones
            .onErrorResume(e -> Mono.empty())).subscribe();
    }

    /**
     * A client configured by {@code options}, on {@link ClientOptions#resources()} (default
     * {@link ClientResources#shared()}). Nothing is connected until {@link #connect()}.
     *
     * @param options the configuration
     * @return the client, not connected
     * @throws IllegalStateException when the resources were shut down
     */
    public static MtprotoClient create(ClientOptions options) {
        Objects.requireNonNull(options, "options");
        // the shared default is created (and its random source seeded) here, on the caller's thread: seeding
        // reads the OS entropy source, which must not happen on an event loop
        ClientResources r = options.resources().orElseGet(ClientResources::shared);
        if (r.isShutdown()) {
            throw new IllegalStateException("the client resources were shut down");
        }
        io.mtflux.transport.obfuscation.TransportRandom.warmUp();
        return new MtprotoClient(options, r);
    }

    /**
     * The common case in one line: Telegram's production DCs over TCP, the session in memory (lost with the
     * process). Same as {@code create(ClientOptions.of(apiId, apiHash))}.
     *
     * @param apiId the app's api_id from my.telegram.org
     * @param apiHash the app's api_hash (a secret)
     * @return the client, not connected
     */
    public static MtprotoClient create(int apiId, String apiHash) {
        return create(ClientOptions.of(apiId, apiHash));
    }

    /** {@return the options this client was created with ({@code client.options().mutate()...} for a similar one)} */
    public ClientOptions options() {
        return options;
    }

    /** {@return the account's session as last loaded or saved (null before {@link #connect()})} */
    public SessionState session() {
        return session;
    }

    /** {@return the shared resources this client runs on (its {@link #close()} leaves them alone)} */
    public ClientResources resources() {
        return resources;
    }

    /**
     * The api_hash (for auth calls that need it; never logged): the options' own, or once {@link #connect()} took
     * them from the stored session, the stored one (null before that).
     *
     * @return the api_hash, or null
     */
    public String apiHash() {
        return settings.options().apiHash();
    }

    /** {@return the api_id: the options' own, or the stored session's once connected (0 before that)} */
    public int apiId() {
        return settings.options().apiId();
    }

    /**
     * Loads the session (or starts a fresh one on the default DC), connects to the home DC (running the auth-key
     * exchange and saving the new key when the session has none for it) and refreshes the DC list with
     * {@code help.getConfig}. Completes when calls can flow; it does not log in. When the options carry no API
     * credentials, the stored session's are used; without those it fails with
     * {@link ApiCredentialsMissingException} before connecting.
     *
     * @return completes when the home DC is ready for calls
     */
    public Mono<Void> connect() {
        return connect(true);
    }

    /**
     * Connects as {@link #connect()} does, for a session that was connected before (an account woken after a
     * time without a connection): when the stored session already holds the DC list learned from
     * {@code help.getConfig}, that list is used as it is and not asked for again, one round trip less; a session
     * without one is connected exactly as by {@link #connect()}. Follow it with {@link #catchUp()} to recover the
     * updates missed meanwhile.
     *
     * @return completes when the home DC's connection is ready
     */
    public Mono<Void> resume() {
        return connect(false);
    }

    private Mono<Void> connect(boolean refreshAlways) {
        return store.load(accountId)
            .switchIfEmpty(Mono.fromSupplier(() -> SessionState.initial(dcOptions.defaultDc(), List.of())))
            .doOnNext(this::resolveCredentials)
            .doOnNext(loaded -> {
                session = loaded;
                updateState.compareAndSet(null, loaded.updateState());
                if (updateStateSaver == null) {
                    updateStateSaver = resources.timers().every(Duration.ofSeconds(5), () -> saveUpdateState()
                        .subscribe(null, e -> LOG.debug("saving the update state failed: {}", e.toString())));
                }
                if (!loaded.dcOptions().isEmpty()) {
                    dcOptions = dcOptions.withLearned(loaded.dcOptions());
                }
            })
            .then(Mono.defer(() -> connection(session.homeDc()).start()))
            .then(Mono.defer(() -> refreshAlways || session.dcOptions().isEmpty() ? refreshConfig() : Mono.empty()));
    }

    /** Options given credentials win; otherwise the stored session's, or a typed error. */
    private void resolveCredentials(SessionState loaded) {
        if (settings.options().hasApiCredentials()) {
            return;
        }
        if (!loaded.hasApiCredentials()) {
            throw new ApiCredentialsMissingException(accountId);
        }
        ClientOptions resolved = options.mutate().apiId(loaded.apiId()).apiHash(loaded.apiHash()).build();
        settings = new ClientSettings(resolved, settings.dcOptions(), settings.metrics(), settings.resources());
    }

    private Mono<Void> refreshConfig() {
        return invoke(new HelpGetConfig())
            .flatMap(config -> {
                List<DcEndpoint> learned = endpointsOf(config);
                dcOptions = dcOptions.withLearned(learned);
                return updateSession(s -> s.withDcOptions(learned)).then();
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

    /**
     * Calls {@code method} on the account's home DC, following migrations. Cold: nothing is sent until
     * subscription; cancelling drops the request.
     *
     * @param <R> the method's result type
     * @param method the call, e.g. {@code new HelpGetConfig()}
     * @return the result; an error answer fails it with an {@link io.mtflux.core.rpc.RpcException}
     */
    public <R> Mono<R> invoke(TlMethod<R> method) {
        Objects.requireNonNull(method, "method");
        return observed(method, call(HOME_DC, method, 0));
    }

    /**
     * Calls {@code method} on DC {@code dcId} through that DC's own connection and key, following migrations. When
     * the account is logged in and {@code dcId} is not its home DC, the first call there copies the authorization
     * over first (see the class comment).
     *
     * @param <R> the method's result type
     * @param dcId the DC to call
     * @param method the call
     * @return the result; an error answer fails it with an {@link io.mtflux.core.rpc.RpcException}
     */
    public <R> Mono<R> invoke(int dcId, TlMethod<R> method) {
        Objects.requireNonNull(method, "method");
        if (dcId <= 0) {
            throw new IllegalArgumentException("a DC id is positive, got " + dcId);
        }
        return observed(method, call(dcId, method, 0));
    }

    /**
     * A whole call (its retries and migrations included) as an observation {@code mtproto.rpc}, when the resources
     * have an observation registry; as it is otherwise.
     */
    private <R> Mono<R> observed(TlMethod<R> method, Mono<R> call) {
        if (resources.observationRegistry() == null) {
            return call;
        }
        return io.mtflux.core.metrics.Observed.mono(resources.observationRegistry(), "mtproto.rpc", method.tlName(),
            MtprotoClient::outcome, call);
    }

    /** The outcome of a failed call: the RPC error's type, else the exception's simple class name. */
    static String outcome(Throwable error) {
        return error instanceof RpcException rpc ? rpc.errorType() : error.getClass().getSimpleName();
    }

    /**
     * One call on {@code target} ({@link #HOME_DC} or a DC id): the attempt, then only once it failed the retry
     * policy and the migrations, so that a call answered at once pays for one operator.
     */
    private <R> Mono<R> call(int target, TlMethod<R> method, int hops) {
        Mono<R> attempt = Mono.defer(() -> attempt(target == HOME_DC ? currentHomeDc() : target, method));
        if (hops > 0) {
            // after a migration the call goes out again: a RANDOM_ID_DUPLICATE means an earlier send was executed
            attempt = attempt.onErrorMap(e -> AlreadyExecutedException.ofResent(e, method.tlName()));
        }
        Mono<R> first = attempt;
        return first.onErrorResume(failure -> {
            if (failure instanceof MigrateException migrate) {
                return migrate(method, migrate, hops);
            }
            Mono<R> revoked = revoked(target, failure);
            if (revoked != null) {
                return revoked;
            }
            // a retried attempt can meet a revocation too; it is the call sent again, so a RANDOM_ID_DUPLICATE
            // means an earlier attempt was executed (a 500 that came after the work was done)
            Mono<R> again = first.onErrorResume(e -> {
                Mono<R> r = revoked(target, e);
                return r != null ? r : Mono.error(AlreadyExecutedException.ofResent(e, method.tlName()));
            });
            return retrying(again, failure).onErrorResume(MigrateException.class, m -> migrate(method, m, hops));
        });
    }

    /**
     * When {@code error} ends the login ({@link RevocationReason}), the session change it makes and then the error;
     * otherwise null. On the error path only, so that a call answered at once pays for no extra operator.
     */
    private <R> Mono<R> revoked(int target, Throwable error) {
        RevocationReason reason = error instanceof RpcException rpc ? RevocationReason.of(rpc).orElse(null) : null;
        if (reason == null) {
            return null;
        }
        int dcId = target == HOME_DC ? currentHomeDc() : target;
        DcConnection connection = sessions.get(dcId);
        return revoked(dcId, connection, reason)
            .onErrorResume(saveFailed -> {
                LOG.warn("could not record the revocation ({}) of account {}: {}", reason, accountId,
                    saveFailed.toString());
                return Mono.empty();
            })
            .then(Mono.error(error));
    }

    /** One attempt of a call on DC {@code dcId}, after the DC authorization it needs, if any. */
    private <R> Mono<R> attempt(int dcId, TlMethod<R> method) {
        if (session == null) {
            return Mono.error(new IllegalStateException("call connect() before invoke()"));
        }
        DcConnection connection = connection(dcId);
        Mono<R> call = measured(method, connection.invoke(method));
        if (!connection.isReady()) {
            call = connection.start().then(call);
        }
        if (method instanceof AuthImportAuthorization) {
            // the authorization itself: once it succeeded, the session remembers the DC as authorized
            return call.flatMap(result -> markAuthorized(dcId).thenReturn(result));
        }
        if (method.tlName().startsWith("auth.")) {
            call = call.flatMap(result -> recordLogin(dcId, method, result).thenReturn(result));
        }
        return needsAuthorization(dcId) && !(method instanceof AuthExportAuthorization)
            ? authorizedOn(dcId).then(call) : call;
    }

    /**
     * Keeps the session's login state in step with what the server answered, whoever made the call: an
     * authorization (sign-in, sign-up, 2FA, bot, QR, a future auth token) records the user, makes the DC that
     * answered the home DC and marks its key authorized; {@code auth.logOut} forgets the user and every DC's
     * authorization.
     */
    private Mono<Void> recordLogin(int dcId, TlMethod<?> method, Object result) {
        BaseAuthAuthorization authorization = result instanceof BaseAuthAuthorization a ? a
            : result instanceof AuthLoginTokenSuccess s && s.authorization() instanceof BaseAuthAuthorization a ? a
            : result instanceof AuthSentCodeSuccess s && s.authorization() instanceof BaseAuthAuthorization a ? a
            : null;
        if (authorization != null) {
            User user = authorization.user();
            long id = user instanceof BaseUser base ? base.id() : 0;
            boolean bot = user instanceof BaseUser base && base.bot();
            int apiId = apiId();
            String apiHash = apiHash();
            return updateSession(s -> {
                // the credentials the login was made with, so a restart from this session needs none
                // and no pending login any more: it is done
                SessionState moved = s.withHomeDc(dcId).withUser(id, bot).withApiCredentials(apiId, apiHash)
                    .withPendingLogin(null);
                return moved.dc(dcId).map(auth -> moved.withDc(dcId, auth.withAuthorized(true))).orElse(moved);
            }).then();
        }
        if (method instanceof AuthLogOut) {
            return updateSession(s -> {
                SessionState out = s.withUser(null, false).withPendingLogin(null);
                for (Map.Entry<Integer, DcAuth> dc : s.dcs().entrySet()) {
                    out = out.withDc(dc.getKey(), dc.getValue().withAuthorized(false));
                }
                return out;
            }).then();
        }
        return Mono.empty();
    }

    /**
     * Records a revocation, serialized with every other session change: the first one of a logged-in session
     * clears the user and the DCs' authorized flags (keys kept) and emits the event; for AUTH_KEY_DUPLICATED the
     * connection that got it is closed and its key dropped (once: later answers of that connection find it gone).
     * Anything else changes nothing and saves nothing.
     */
    private Mono<Void> revoked(int dcId, DcConnection connection, RevocationReason reason) {
        SessionState current = session;
        boolean dropKey = reason.dropsKey() && connection != null && sessions.get(dcId) == connection;
        if ((current == null || current.userId() == null) && !dropKey) {
            return Mono.empty();
        }
        AtomicReference<Long> revokedUser = new AtomicReference<>();
        AtomicBoolean dropped = new AtomicBoolean();
        return updateSession(s -> {
            SessionState next = s;
            if (s.userId() != null) {
                revokedUser.set(s.userId());
                next = s.loggedOut();
            }
            if (reason.dropsKey() && sessions.remove(dcId, connection)) {
                droppingKeys.add(dcId);
                dropped.set(true);
                next = next.withoutDc(dcId);
                connection.close().subscribe(null, e -> LOG.debug("closing DC {}: {}", dcId, e.toString()));
            }
            return next;
        })
            .doOnNext(saved -> {
                Long user = revokedUser.get();
                if (user != null) {
                    LOG.info("account {}: the server ended the login on DC {} ({}){}", accountId, dcId, reason,
                        dropped.get() ? "; its auth key is dropped" : "");
                    events.emitNext(new SessionRevoked(accountId, dcId, reason, user, dropped.get()),
                        Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
                }
            })
            .doFinally(signal -> {
                if (dropped.get()) {
                    droppingKeys.remove(dcId);
                }
            })
            .then();
    }

    /**
     * What happens to the client and its account, as {@link ClientEvent}s: {@link SessionRevoked}, once per
     * revocation, after the store says the account is logged out, and {@link ConnectionStateChanged} when a DC
     * connection connects, becomes ready, drops or closes. Multicast without replay: a subscriber sees the
     * events after it subscribed (the state they led to is {@link #session()}); each subscriber has a buffer of
     * 256 events, the oldest dropped when it falls behind. Completes when the client is closed.
     *
     * @return the events, hot
     */
    public Flux<ClientEvent> events() {
        return events.asFlux().onBackpressureBuffer(EVENTS_BUFFER,
            dropped -> LOG.warn("a slow events subscriber dropped {}", dropped.getClass().getSimpleName()),
            BufferOverflowStrategy.DROP_OLDEST);
    }

    /**
     * The retry policy after a first failure: the failure is handed to the policy as its first signal, then the
     * policy resubscribes to {@code attempt} as it sees fit, exactly as {@code attempt.retryWhen(retry)} would,
     * without building the retry machinery for every call that succeeds at once.
     */
    private <R> Mono<R> retrying(Mono<R> attempt, Throwable first) {
        boolean[] replayed = {false};
        return Mono.defer(() -> {
            if (!replayed[0]) {
                replayed[0] = true;
                return Mono.<R>error(first);
            }
            return attempt;
        }).retryWhen(options.retry());
    }

    /** Follows one {@code *_MIGRATE_X} answer, unless the call has followed as many as it may. */
    private <R> Mono<R> migrate(TlMethod<R> method, MigrateException e, int hops) {
        if (hops >= options.maxMigrations()) {
            LOG.debug("{}: not following {} after {} migrations", method.tlName(), e.errorType(), hops);
            return Mono.error(e);
        }
        settings.metrics().migration(e.kind().name().toLowerCase(Locale.ROOT), e.dcId());
        LOG.debug("{}: {} to DC {}", method.tlName(), e.kind(), e.dcId());
        return e.kind().movesHomeDc()
            ? moveHome(e.dcId()).then(call(HOME_DC, method, hops + 1))
            : call(e.dcId(), method, hops + 1);
    }

    /**
     * Makes {@code dcId} the account's home DC and saves it: after a PHONE/USER/NETWORK migration, or when the
     * application knows better. A logged-in account's authorization is copied to the new home DC first.
     *
     * @param dcId the new home DC
     * @return completes when the session with the new home DC is saved
     */
    public Mono<Void> setHomeDc(int dcId) {
        return Mono.defer(() -> moveHome(dcId));
    }

    private Mono<Void> moveHome(int dcId) {
        SessionState s = session;
        if (s == null || s.homeDc() == dcId) {
            return Mono.empty();
        }
        Mono<Void> authorized = needsAuthorization(dcId) ? authorizedOn(dcId) : Mono.empty();
        return authorized.then(updateSession(st -> st.withHomeDc(dcId))).then();
    }

    /** The authorization of {@code dcId}: shared by concurrent first calls, tried again by the next call if failed. */
    private Mono<Void> authorizedOn(int dcId) {
        // re-checked inside: an authorization that just finished has saved its DC before leaving the map
        Mono<Void> shared = dcAuthorizing.computeIfAbsent(dcId, id -> !needsAuthorization(id) ? null
            : exportImport(id)
                .doFinally(signal -> dcAuthorizing.remove(id))
                .cache());
        return shared == null ? Mono.empty() : shared;
    }

    /** {@code auth.exportAuthorization} on the home DC, {@code auth.importAuthorization} on {@code dcId}. */
    private Mono<Void> exportImport(int dcId) {
        LOG.debug("copying the authorization to DC {}", dcId);
        return invoke(new AuthExportAuthorization(dcId))
            .flatMap(exported -> invoke(dcId, new AuthImportAuthorization(exported.id(), exported.bytes())))
            .then();
    }

    private Mono<Void> markAuthorized(int dcId) {
        return updateSession(s -> s.dc(dcId).map(auth -> s.withDc(dcId, auth.withAuthorized(true))).orElse(s))
            .then();
    }

    private boolean needsAuthorization(int dcId) {
        SessionState s = session;
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
        SessionState s = session;
        return s == null ? dcOptions.defaultDc() : s.homeDc();
    }

    /**
     * Applies a change to the account's session and saves it, serialized with every other change (a failed save
     * fails only this change).
     *
     * @param change computes the new session from the current one
     * @return the session as saved
     */
    public Mono<SessionState> updateSession(UnaryOperator<SessionState> change) {
        Objects.requireNonNull(change, "change");
        return Mono.create(sink -> sessionChanges.emitNext(new SessionChange(change, sink),
            Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1))));
    }

    /**
     * Updates from every DC: pushed by the server or carried by results, in pts/qts/seq order with gaps filled by
     * {@code updates.getDifference} and duplicates dropped. Multicast; each subscriber has a buffer of 1024
     * updates and, when it falls behind, the oldest are dropped (and logged) rather than the heap growing.
     *
     * @return the updates, hot
     */
    public Flux<Updates> updates() {
        return updates.asFlux().onBackpressureBuffer(UPDATES_BUFFER,
            dropped -> LOG.warn("a slow updates subscriber dropped {}", dropped.tlName()),
            BufferOverflowStrategy.DROP_OLDEST);
    }

    /** {@return the update position (pts, qts, date, seq) as far as the updates seen so far tell; null when unknown} */
    public UpdateState currentUpdateState() {
        return updateState.get();
    }

    /**
     * Catches up with the updates the account missed while this client (or an earlier one on the same session) was
     * not connected: {@code updates.getDifference} from the known update position (the stored one, or as far as
     * the updates seen since tell), slice by slice, emitted on {@link #updates()} in order and before any update
     * pushed meanwhile (those wait, as during any gap recovery). Without a known position (a session that never
     * saw an update nor called {@code updates.getState}) it asks {@code updates.getState} instead: the position is
     * set, nothing is recovered. Completes once caught up; fails with the call's error (the updates held meanwhile
     * are then emitted as they are). Call it after {@link #connect()}.
     *
     * @return completes once caught up
     */
    public Mono<Void> catchUp() {
        return Mono.defer(sequencer::catchUp);
    }

    /**
     * Makes the update position known ({@code updates.getState} when it is not) and saves it with the session, so
     * that a later {@link #catchUp()}, by this client or by one made from the same session after this one is
     * closed, recovers everything from here on.
     *
     * @return the position saved
     */
    public Mono<UpdateState> syncUpdateState() {
        return Mono.defer(() -> {
            UpdateState known = updateState.get();
            Mono<Void> position = UpdateSequencer.known(known) ? Mono.empty() : sequencer.catchUp();
            return position.then(Mono.defer(this::saveUpdateState)).then(Mono.fromSupplier(updateState::get));
        });
    }

    /** Saves the tracked update state when it moved since the stored one. */
    private Mono<Void> saveUpdateState() {
        UpdateState current = updateState.get();
        SessionState s = session;
        if (current == null || s == null || current.equals(s.updateState())) {
            return Mono.empty();
        }
        return updateSession(st -> st.withUpdateState(current)).then();
    }

    /**
     * Closes every DC connection, then saves the update state (as far as the updates emitted tell, so that a
     * {@link #catchUp()} of the next client on the session neither misses nor repeats one); pending calls fail.
     * When the session store is a {@link LeasedSessionStore}, its lease is released last.
     *
     * @return completes when every connection is closed and the lease (if any) released
     */
    public Mono<Void> close() {
        return Mono.fromRunnable(() -> {
            if (updateStateSaver != null) {
                updateStateSaver.dispose();
            }
        }).then(Flux.fromIterable(sessions.values()).flatMap(DcConnection::close).then())
            .then(Mono.defer(this::saveUpdateState).onErrorResume(e -> Mono.empty()))
            .then(Mono.defer(() -> store instanceof LeasedSessionStore leased ? leased.release()
                .onErrorResume(e -> {
                    LOG.warn("releasing the lease failed: {}", e.toString());
                    return Mono.empty();
                }) : Mono.<Void>empty()))
            .doFinally(s -> {
                updates.tryEmitComplete();
                events.tryEmitComplete();
            });
    }

    private DcConnection connection(int dcId) {
        return sessions.computeIfAbsent(dcId, id -> {
            DcAuth auth = session == null || droppingKeys.contains(id) ? null : session.dcs().get(id);
            return new DcConnection(id, settings.withDcOptions(dcOptions), new Owner(),
                auth == null ? null : auth.authKey(), auth == null ? 0 : auth.serverSalt(),
                auth == null ? 0 : auth.timeOffsetSeconds());
        });
    }

    private final class Owner implements DcConnection.Owner {
        @Override
        public Mono<Void> onAuthKey(int dcId, HandshakeResult result) {
            return updateSession(s -> s.withDc(dcId, new DcAuth(result.authKey(), Instant.now(), result.serverSalt(),
                result.timeOffsetSeconds(), false))).then();
        }

        @Override
        public void onAuthKeyDropped(int dcId) {
            updateSession(s -> s.withoutDc(dcId)).subscribe(null,
                e -> LOG.warn("could not forget the dropped key of DC {}: {}", dcId, e.toString()));
        }

        @Override
        public void onUpdates(int dcId, Updates u) {
            sequencer.offer(u);
        }

        @Override
        public void onStateChanged(int dcId, DcState state) {
            ConnectionState seen = switch (state) {
                case IDLE -> null;
                case CONNECTING, EXCHANGING_KEY, BINDING -> ConnectionState.CONNECTING;
                case READY -> ConnectionState.READY;
                case WAITING_TO_RECONNECT -> ConnectionState.DISCONNECTED;
                case CLOSED -> ConnectionState.CLOSED;
            };
            // one event per change of the coarse state: the key-exchange steps are all CONNECTING
            if (seen != null && connectionStates.put(dcId, seen) != seen) {
                SessionState s = session;
                events.emitNext(new ConnectionStateChanged(accountId, dcId, s != null && s.homeDc() == dcId, seen),
                    Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
            }
        }
    }
}
