package io.mtflux.accounts;

import io.mtflux.auth.AuthClient;
import io.mtflux.auth.LoginFlows;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.auth.PhoneNumberBannedException;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.event.ClientEvent;
import io.mtflux.core.event.ConnectionState;
import io.mtflux.core.event.ConnectionStateChanged;
import io.mtflux.core.event.RevocationReason;
import io.mtflux.core.event.SessionRevoked;
import io.mtflux.core.rpc.FloodWaitException;
import io.mtflux.core.store.LeaseLostException;
import io.mtflux.core.store.LeasedSessionStore;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Many accounts in one JVM, each with its own {@link MtprotoClient} on one shared {@link ClientResources} and its
 * session in one {@code SessionStore} under its id. Each account has an explicit {@link AccountState}; every change
 * is an {@link AccountEvent} on {@link #events()}, every account's updates are tagged on {@link #updates()}, and
 * {@link #login(Flux, Function, int)} logs many accounts in with bounded concurrency, each flood wait held by its
 * own account. See {@code accounts/README.md} and docs/architecture.md, "The accounts runtime".
 *
 * <p>Thread-safe. Nothing blocks: state changes take the account's monitor for a few assignments and the events
 * sink's for one emission.
 */
public final class AccountManager {
    private static final Logger LOG = LoggerFactory.getLogger(AccountManager.class);
    private static final int EVENTS_BUFFER = 4096;
    private static final int UPDATES_BUFFER = 4096;
    /** States a login may start from (the server ended the previous login, or there never was one). */
    private static final Set<AccountState> LOGIN_FROM = EnumSet.of(AccountState.NEEDS_LOGIN,
        AccountState.LOGGED_OUT, AccountState.REVOKED, AccountState.DEACTIVATED, AccountState.KEY_DUPLICATED);

    private final AccountManagerOptions options;
    private final ClientResources resources;
    private final boolean ownResources;
    private final AccountMetrics metrics;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Sinks.Many<AccountEvent> events = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<AccountUpdate> updates = Sinks.many().multicast().directBestEffort();
    private final Object eventsLock = new Object();
    private final Object updatesLock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The store as the accounts' leases see it (renewals timed); null without leases. */
    private final MeteredLeaseStore leaseStore;
    /** Serves the store's accounts and spreads the leases; null without leases and without serveStore. */
    private final LeaseBalancer balancer;

    private AccountManager(AccountManagerOptions options) {
        this.options = options;
        this.ownResources = options.resources().isEmpty();
        this.resources = options.resources().orElseGet(ClientResources::create);
        // no lambda over a MeterRegistry: linking it would need Micrometer on the class path even without a registry
        io.micrometer.core.instrument.MeterRegistry registry = options.meterRegistry().orElse(null);
        this.metrics = registry == null ? AccountMetrics.NONE
            : new MicrometerAccountMetrics(registry, options.perAccountMetrics());
        this.leaseStore = options.leased() ? new MeteredLeaseStore(options.sessionStore(), metrics) : null;
        if (leaseStore != null) {
            metrics.leasesHeld(this::leasesHeld);
        }
        this.balancer = options.leased() || options.serveStore() ? new LeaseBalancer(this, options, leaseStore) : null;
        // clients are created by start(), possibly on an event loop: seed what MtprotoClient.create seeds now
        io.mtflux.transport.obfuscation.TransportRandom.warmUp();
    }

    /**
     * A manager with no accounts. Without resources in the options it creates its own (seeding their random
     * source on this thread: call it off any event loop) and shuts them down in {@link #close()}.
     */
    public static AccountManager create(AccountManagerOptions options) {
        return new AccountManager(Objects.requireNonNull(options, "options"));
    }

    /** The options it was created with. */
    public AccountManagerOptions options() {
        return options;
    }

    /** The resources every account's client runs on. */
    public ClientResources resources() {
        return resources;
    }

    // ------------------------------------------------------------------ the table

    /**
     * Adds an account in {@link AccountState#NEW}; nothing connects before {@link #start(String)}.
     *
     * @throws AccountExistsException when the id is taken
     * @throws IllegalStateException after {@link #close()}
     */
    public AccountSnapshot add(AccountSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (closed.get()) {
            throw new IllegalStateException("the account manager is closed");
        }
        Account account = new Account(spec, options.clock().instant());
        if (accounts.putIfAbsent(spec.id(), account) != null) {
            throw new AccountExistsException(spec.id());
        }
        metrics.added(AccountState.NEW);
        return account.snapshot();
    }

    /** Stops the account (if running) and forgets it; its session stays in the store. */
    public Mono<Void> remove(String accountId) {
        return Mono.defer(() -> {
            Account a = require(accountId);
            return stop(a).then(Mono.fromRunnable(() -> {
                synchronized (a) {
                    if (!a.removed && accounts.remove(accountId, a)) {
                        a.removed = true;
                        metrics.removed(a.state);
                    }
                }
            }));
        });
    }

    /**
     * The account's state.
     *
     * @throws UnknownAccountException for an id never added or removed
     */
    public AccountState state(String accountId) {
        Account a = require(accountId);
        synchronized (a) {
            return a.state;
        }
    }

    /** The account as it is now. */
    public AccountSnapshot snapshot(String accountId) {
        Account a = require(accountId);
        synchronized (a) {
            return a.snapshot();
        }
    }

    /** Every account as it is now, by id. */
    public List<AccountSnapshot> snapshot() {
        List<AccountSnapshot> all = new ArrayList<>(accounts.size());
        for (Account a : accounts.values()) {
            synchronized (a) {
                all.add(a.snapshot());
            }
        }
        all.sort(Comparator.comparing(AccountSnapshot::accountId));
        return all;
    }

    /** Every state change of every account, as it happens (multicast, no replay; 4,096 buffered per subscriber). */
    public Flux<AccountEvent> events() {
        return events.asFlux().onBackpressureBuffer(EVENTS_BUFFER,
            dropped -> LOG.warn("a slow account events subscriber dropped an event of {}", dropped.accountId()),
            BufferOverflowStrategy.DROP_OLDEST);
    }

    /** Every running account's updates, tagged with the account (multicast, no replay; 4,096 buffered). */
    public Flux<AccountUpdate> updates() {
        return updates.asFlux().onBackpressureBuffer(UPDATES_BUFFER,
            dropped -> LOG.warn("a slow account updates subscriber dropped an update of {}", dropped.accountId()),
            BufferOverflowStrategy.DROP_OLDEST);
    }

    private Account require(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        Account a = accounts.get(accountId);
        if (a == null) {
            throw new UnknownAccountException(accountId);
        }
        return a;
    }

    // ------------------------------------------------------------------ transitions

    /**
     * Moves {@code a} to {@code to} when its state passes {@code when}, emitting the event. The table decides what is
     * legal: a move it refuses throws (a bug).
     *
     * @return whether it moved
     */
    private boolean move(Account a, Predicate<AccountState> when, AccountState to, String reason, Instant until) {
        AccountEvent event;
        synchronized (a) {
            if (a.removed || !when.test(a.state)) {
                return false;
            }
            AccountState from = a.state;
            a.state = from.moveTo(to, a.id);
            a.since = options.clock().instant();
            if (to != AccountState.FLOOD_WAIT && a.floodTimer != null) {
                a.floodTimer.dispose();
                a.floodTimer = null;
            }
            SessionState session = a.client == null ? null : a.client.session();
            if (session != null) {
                a.dc = session.homeDc();
            }
            event = new AccountEvent(a.id, from, to, reason, a.since, until, a.fence, a.userId, a.dc);
            metrics.transition(a.id, from, to);
            // emitted under the account's monitor: each account's events leave in the order of its changes
            synchronized (eventsLock) {
                events.tryEmitNext(event);
            }
        }
        LOG.debug("account {}: {} -> {} ({})", event.accountId(), event.from(), event.to(), reason);
        return true;
    }

    private boolean move(Account a, AccountState from, AccountState to, String reason) {
        return move(a, s -> s == from, to, reason, null);
    }

    /** A revocation seen by the client's event or a call's error (whichever comes first moves the account). */
    private void revoked(Account a, RevocationReason reason) {
        AccountState to = AccountState.of(reason);
        synchronized (a) {
            if (a.removed || a.state == to || !a.state.canMoveTo(to)) {
                return;
            }
            // the login ended: the event already carries no user
            a.userId = null;
            a.user = null;
            move(a, s -> s != to && s.canMoveTo(to), to, reason.name(), null);
        }
    }

    /**
     * Holds the account in FLOOD_WAIT until the wait ends, then moves it back to {@code resume} (a later wait
     * extends it).
     *
     * @return when the wait ends
     */
    private Instant floodWait(Account a, FloodWaitException e, String what, AccountState resume) {
        Duration wait = e.duration();
        Instant until = options.clock().instant().plus(wait);
        synchronized (a) {
            boolean moved = move(a, s -> s != AccountState.FLOOD_WAIT && s.canMoveTo(AccountState.FLOOD_WAIT),
                AccountState.FLOOD_WAIT, e.errorType() + " on " + what, until);
            if (!moved && a.state != AccountState.FLOOD_WAIT) {
                return until;
            }
            if (moved) {
                a.resume = resume;
            }
            if (a.floodUntil == null || moved || until.isAfter(a.floodUntil)) {
                a.floodUntil = until;
                if (a.floodTimer != null) {
                    a.floodTimer.dispose();
                }
                a.floodTimer = Mono.delay(wait, Schedulers.parallel()).subscribe(x -> endFloodWait(a));
            }
            return a.floodUntil;
        }
    }

    private void endFloodWait(Account a) {
        AccountState back;
        synchronized (a) {
            back = a.resume;
        }
        if (back != null) {
            move(a, AccountState.FLOOD_WAIT, back, "flood wait over");
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Starts every account that is {@code NEW} or {@code STOPPED}, at most 32 at a time; the states reached.
     *
     * <p>With leases or {@code serveStore}, it starts serving instead: the store's accounts are added (with
     * {@code serveStore}), this instance takes leases for its fair share of them and starts those, and keeps doing
     * so every {@code rescanEvery} until {@link #close()}; the states after the first round, of every account.
     */
    public Flux<AccountSnapshot> startAll() {
        if (balancer != null) {
            return Mono.defer(balancer::serve).thenMany(Flux.defer(() -> Flux.fromIterable(snapshot())));
        }
        return Flux.defer(() -> Flux.fromIterable(List.copyOf(accounts.keySet())))
            .flatMap(id -> start(id).onErrorResume(e -> Mono.empty()).then(Mono.fromCallable(() -> snapshot(id))),
                32);
    }

    /**
     * Starts the account: {@code CONNECTING}, its client connects to the home DC, then {@code AUTHORIZED} (the
     * session has a user, confirmed with one {@code users.getUsers} call) or {@code NEEDS_LOGIN}; a login the server
     * ended shows as the state its reason leads to. Starting a running account returns its state.
     *
     * @return the state reached; fails (and the account is {@code STOPPED}) when the connection cannot be made
     */
    public Mono<AccountState> start(String accountId) {
        return Mono.defer(() -> {
            Account a = require(accountId);
            synchronized (a) {
                a.stoppedByUser = false;
            }
            return startAccount(a);
        });
    }

    /**
     * Starts {@code a}; with leases it first acquires the account's lease (fails with {@code LeaseHeldException}
     * while another instance holds it, the account staying as it was).
     */
    Mono<AccountState> startAccount(Account a) {
        if (leaseStore == null) {
            return startUnder(a, null);
        }
        synchronized (a) {
            if (a.state != AccountState.NEW && a.state != AccountState.STOPPED || a.acquiring) {
                return Mono.just(a.state);
            }
            a.acquiring = true;
        }
        return LeasedSessionStore.acquire(leaseStore, a.id, options.instance(), options.leaseTtl().orElseThrow(),
                options.leaseRenewEvery())
            .onErrorResume(e -> {
                synchronized (a) {
                    a.acquiring = false;
                }
                return Mono.error(e);
            })
            .flatMap(lease -> {
                metrics.leaseAcquired();
                return startUnder(a, lease);
            });
    }

    private Mono<AccountState> startUnder(Account a, LeasedSessionStore lease) {
        MtprotoClient client;
        synchronized (a) {
            a.acquiring = false;
            if (a.removed || closed.get() || a.state != AccountState.NEW && a.state != AccountState.STOPPED) {
                AccountState now = a.state;
                return lease == null ? Mono.just(now)
                    : lease.release().onErrorResume(e -> Mono.empty()).thenReturn(now);
            }
            if (lease != null) {
                a.lease = lease;
                a.fence = lease.lease().fencingToken();
            }
            move(a, a.state, AccountState.CONNECTING, lease == null ? "started"
                : "started under lease " + a.fence + " on " + options.instance());
            client = MtprotoClient.create(clientOptions(a.spec, lease == null ? options.sessionStore() : lease));
            a.client = client;
            a.resume = null;
            Disposable.Composite listeners = Disposables.composite();
            if (lease != null) {
                listeners.add(lease.lost().subscribe(e -> leaseLost(a, lease, e)));
            }
            listeners.add(client.events().subscribe(e -> onClientEvent(a, e)));
            listeners.add(client.updates().subscribe(u -> {
                synchronized (updatesLock) {
                    updates.tryEmitNext(new AccountUpdate(a.id, u));
                }
            }));
            a.listeners = listeners;
        }
        return client.connect()
            .then(Mono.defer(() -> verify(a, client)))
            .onErrorResume(e -> startFailed(a, client, e));
    }

    /**
     * The account's lease is lost (not renewed within its ttl, taken over, or a fenced save refused): LEASE_LOST,
     * then its client is closed and it is STOPPED; the balancer may take the lease again later.
     */
    private void leaseLost(Account a, LeasedSessionStore lease, LeaseLostException e) {
        synchronized (a) {
            if (a.lease != lease) {
                return;
            }
        }
        metrics.leaseLost();
        LOG.info("account {}: {}", a.id, e.getMessage());
        move(a, s -> s != AccountState.LEASE_LOST && s.canMoveTo(AccountState.LEASE_LOST), AccountState.LEASE_LOST,
            e.getMessage(), null);
        stop(a, "lease lost").subscribe();
    }

    /** How many account leases this instance holds now. */
    int leasesHeld() {
        int held = 0;
        for (Account a : accounts.values()) {
            LeasedSessionStore l;
            synchronized (a) {
                l = a.lease;
            }
            if (l != null && l.isHeld()) {
                held++;
            }
        }
        return held;
    }

    /** The table, for the balancer. */
    Iterable<Account> table() {
        return List.copyOf(accounts.values());
    }

    /** Adds {@code accountId} with default credentials unless known; for the balancer's listing. */
    void addIfAbsent(String accountId) {
        if (!closed.get() && !accounts.containsKey(accountId)) {
            try {
                add(AccountSpec.of(accountId));
            } catch (AccountExistsException | IllegalStateException e) {
                // added meanwhile, or closing
            }
        }
    }

    /** Stops {@code a} (releasing its lease), for the balancer. */
    Mono<Void> release(Account a, String reason) {
        return stop(a, reason);
    }

    boolean isClosed() {
        return closed.get();
    }

    /** After connect: the stored login checked with one call, or NEEDS_LOGIN. */
    private Mono<AccountState> verify(Account a, MtprotoClient client) {
        Long stored = client.session().userId();
        if (stored == null) {
            move(a, AccountState.CONNECTING, AccountState.NEEDS_LOGIN, "no login in the session");
            return Mono.just(state(a));
        }
        return AuthClient.create(client).me().map(user -> {
            authorized(a, AccountState.CONNECTING, user, "session verified");
            return state(a);
        });
    }

    private Mono<AccountState> startFailed(Account a, MtprotoClient client, Throwable e) {
        RevocationReason reason = RevocationReason.of(e).orElse(null);
        if (reason != null) {
            revoked(a, reason);
            return Mono.just(state(a));
        }
        if (e instanceof FloodWaitException flood) {
            // the check was refused for now, not the login: count it as logged in once the wait is over
            floodWait(a, flood, "users.getUsers", AccountState.AUTHORIZED);
            return Mono.just(state(a));
        }
        LOG.info("account {}: start failed: {}", a.id, e.toString());
        return stop(a, "start failed: " + e.getClass().getSimpleName()).then(Mono.error(e));
    }

    private AccountState state(Account a) {
        synchronized (a) {
            return a.state;
        }
    }

    private void authorized(Account a, AccountState from, User user, String reason) {
        synchronized (a) {
            if (a.removed || a.state != from) {
                return;
            }
            // set first: the AUTHORIZED event carries the user
            a.user = user;
            a.userId = user instanceof BaseUser b ? b.id() : a.client.session().userId();
            move(a, from, AccountState.AUTHORIZED, reason);
        }
    }

    private ClientOptions clientOptions(AccountSpec spec, SessionStore store) {
        ClientOptions.Builder b = options.clientTemplate().mutate().sessionStore(store)
            .accountId(spec.id()).resources(resources);
        if (spec.hasApiCredentials()) {
            b.apiId(spec.apiId().getAsInt()).apiHash(spec.apiHash());
        } else if (options.hasApiCredentials()) {
            b.apiId(options.apiId()).apiHash(options.apiHash());
        }
        return b.build();
    }

    private void onClientEvent(Account a, ClientEvent e) {
        if (e instanceof SessionRevoked revoked) {
            revoked(a, revoked.reason());
        } else if (e instanceof ConnectionStateChanged c && c.homeDc()) {
            if (c.state() == ConnectionState.DISCONNECTED) {
                synchronized (a) {
                    AccountState now = a.state;
                    if (move(a, s -> s == AccountState.AUTHORIZED || s == AccountState.NEEDS_LOGIN,
                        AccountState.RECONNECTING, "home DC " + c.dcId() + " disconnected", null)) {
                        a.resume = now;
                    }
                }
            } else if (c.state() == ConnectionState.READY) {
                AccountState back;
                synchronized (a) {
                    back = a.resume;
                }
                if (back != null) {
                    move(a, AccountState.RECONNECTING, back, "home DC " + c.dcId() + " ready");
                }
            }
        }
    }

    /** Stops the account: its client is closed, its state {@code STOPPED}. Stopping a stopped account does nothing. */
    public Mono<Void> stop(String accountId) {
        return Mono.defer(() -> {
            Account a = require(accountId);
            synchronized (a) {
                a.stoppedByUser = true;
            }
            return stop(a);
        });
    }

    private Mono<Void> stop(Account a) {
        return stop(a, "stopped");
    }

    private Mono<Void> stop(Account a, String reason) {
        MtprotoClient client;
        LeasedSessionStore lease;
        synchronized (a) {
            client = a.client;
            a.client = null;
            lease = a.lease;
            a.lease = null;
            if (a.listeners != null) {
                a.listeners.dispose();
                a.listeners = null;
            }
            move(a, s -> s != AccountState.STOPPED && s.canMoveTo(AccountState.STOPPED), AccountState.STOPPED,
                reason, null);
            a.resume = null;
        }
        Mono<Void> closing = client == null ? Mono.empty() : client.close().onErrorResume(e -> {
            LOG.debug("account {}: closing its client: {}", a.id, e.toString());
            return Mono.empty();
        });
        // the client's close releases a LeasedSessionStore too; releasing again is a no-op, and covers a client
        // that never got as far
        return lease == null ? closing : closing.then(lease.release().onErrorResume(e -> {
            LOG.debug("account {}: releasing its lease: {}", a.id, e.toString());
            return Mono.empty();
        }));
    }

    /**
     * Stops every account, completes {@link #events()} and {@link #updates()}, and shuts down the resources when
     * the manager created them. Idempotent.
     */
    public Mono<Void> close() {
        return Mono.defer(() -> {
            if (!closed.compareAndSet(false, true)) {
                return Mono.empty();
            }
            Mono<Void> quiet = balancer == null ? Mono.empty() : balancer.stop();
            return quiet.then(Flux.fromIterable(List.copyOf(accounts.values())).flatMap(this::stop, 64).then())
                .then(Mono.defer(() -> balancer == null ? Mono.<Void>empty() : balancer.leave()))
                .then(Mono.defer(() -> ownResources ? resources.shutdown() : Mono.<Void>empty()))
                .doFinally(s -> {
                    synchronized (eventsLock) {
                        events.tryEmitComplete();
                    }
                    synchronized (updatesLock) {
                        updates.tryEmitComplete();
                    }
                });
        });
    }

    // ------------------------------------------------------------------ calls

    /**
     * Calls {@code method} as the account (its client's {@code invoke}: migrations, retry). A flood wait that reaches
     * the caller also holds the account in {@code FLOOD_WAIT} until it ends; a revocation moves it as its reason
     * says.
     *
     * @return the result; fails with {@link UnknownAccountException} or {@link AccountNotAuthorizedException}
     *     (not logged in: neither {@code AUTHORIZED} nor waiting out a flood wait or reconnect on the way back)
     */
    public <R> Mono<R> invoke(String accountId, TlMethod<R> method) {
        Objects.requireNonNull(method, "method");
        return Mono.defer(() -> {
            Account a = require(accountId);
            MtprotoClient client;
            AccountState resume;
            synchronized (a) {
                boolean working = a.state == AccountState.AUTHORIZED
                    || (a.state == AccountState.FLOOD_WAIT || a.state == AccountState.RECONNECTING)
                    && a.resume == AccountState.AUTHORIZED;
                if (!working || a.client == null) {
                    return Mono.error(new AccountNotAuthorizedException(accountId, a.state));
                }
                client = a.client;
                resume = AccountState.AUTHORIZED;
            }
            return client.invoke(method).onErrorResume(e -> {
                if (e instanceof FloodWaitException flood) {
                    floodWait(a, flood, method.tlName(), resume);
                } else {
                    RevocationReason.of(e).ifPresent(reason -> revoked(a, reason));
                }
                return Mono.error(e);
            });
        });
    }

    // ------------------------------------------------------------------ logins

    /**
     * Logs one account in (starting it first when {@code NEW} or {@code STOPPED}); an authorized account answers
     * its user at once. The same as a pipeline of one.
     */
    public Mono<LoginResult> login(String accountId, LoginPrompts prompts) {
        Objects.requireNonNull(prompts, "prompts");
        return login(Flux.just(accountId), id -> prompts, 1).next();
    }

    /**
     * Adds the accounts not added yet, then logs them in as {@link #login(Flux, Function, int)}.
     */
    public Flux<LoginResult> addAndLogin(Flux<AccountSpec> specs, Function<String, LoginPrompts> prompts,
                                         int concurrency) {
        Objects.requireNonNull(specs, "specs");
        return login(specs.map(spec -> {
            if (!accounts.containsKey(spec.id())) {
                try {
                    add(spec);
                } catch (AccountExistsException raced) {
                    LOG.debug("account {} was added meanwhile", spec.id());
                }
            }
            return spec.id();
        }), prompts, concurrency);
    }

    /**
     * The login pipeline: every account in {@code accountIds} is started if needed and logged in with
     * {@code prompts.apply(id)} (see {@code LoginFlows.login}), at most {@code concurrency} at a time. A login that
     * gets a flood wait leaves its slot: the account goes to {@code FLOOD_WAIT} until the wait ends and is then
     * tried again (at most {@link AccountManagerOptions#maxLoginFloodWaits()} times, for waits up to
     * {@link AccountManagerOptions#maxLoginFloodWait()}), while the others proceed. One {@link LoginResult} per
     * account, as each completes: the user, or the typed error ({@link UnknownAccountException},
     * {@link AccountStateException}, the auth module's errors, a {@link FloodWaitException} past the limits...).
     */
    public Flux<LoginResult> login(Flux<String> accountIds, Function<String, LoginPrompts> prompts,
                                   int concurrency) {
        Objects.requireNonNull(accountIds, "accountIds");
        Objects.requireNonNull(prompts, "prompts");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        return Flux.defer(() -> new LoginPipeline(prompts).run(accountIds, concurrency));
    }

    /** One run of {@link #login(Flux, Function, int)}: the ids, plus the ones coming back from a flood wait. */
    private final class LoginPipeline {
        private final Function<String, LoginPrompts> prompts;
        private final Sinks.Many<String> again = Sinks.many().unicast().onBackpressureBuffer();
        private final Object againLock = new Object();
        /** Ids taken from the source or waiting to come back, not yet answered. */
        private final AtomicInteger open = new AtomicInteger();
        private final AtomicBoolean sourceDone = new AtomicBoolean();
        private final Map<String, Integer> floodWaits = new ConcurrentHashMap<>();
        private final Disposable.Composite waits = Disposables.composite();

        LoginPipeline(Function<String, LoginPrompts> prompts) {
            this.prompts = prompts;
        }

        Flux<LoginResult> run(Flux<String> ids, int concurrency) {
            Flux<String> source = ids.doOnNext(id -> open.incrementAndGet())
                .doOnComplete(() -> {
                    sourceDone.set(true);
                    completeIfDone();
                });
            return Flux.merge(source, again.asFlux())
                .flatMap(id -> attempt(id)
                    .onErrorResume(e -> Mono.just(LoginResult.failed(id, e))), concurrency)
                .doFinally(s -> waits.dispose());
        }

        private void completeIfDone() {
            if (sourceDone.get() && open.get() == 0) {
                synchronized (againLock) {
                    again.tryEmitComplete();
                }
            }
        }

        private LoginResult answered(LoginResult result) {
            metrics.login(result.accountId(), result.isAuthorized() ? "ok"
                : result.error().getClass().getSimpleName());
            open.decrementAndGet();
            completeIfDone();
            return result;
        }

        /** One login attempt: a result, or nothing when the account went to wait out a flood wait. */
        private Mono<LoginResult> attempt(String id) {
            return Mono.defer(() -> {
                Account a = accounts.get(id);
                if (a == null) {
                    return Mono.just(answered(LoginResult.failed(id, new UnknownAccountException(id))));
                }
                AccountState now = state(a);
                Mono<AccountState> started = now == AccountState.NEW || now == AccountState.STOPPED
                    ? start(id) : Mono.just(now);
                return started.flatMap(s -> logIn(a))
                    .onErrorResume(e -> Mono.just(LoginResult.failed(id, e)))
                    .flatMap(result -> {
                        Throwable e = result.error();
                        if (e instanceof FloodWaitException flood && waitAndRetry(a, flood)) {
                            return Mono.empty();
                        }
                        return Mono.just(answered(result));
                    });
            });
        }

        /** Schedules the account's next attempt after its flood wait, if the limits allow. */
        private boolean waitAndRetry(Account a, FloodWaitException flood) {
            int count = floodWaits.merge(a.id, 1, Integer::sum);
            if (count > options.maxLoginFloodWaits() || flood.duration().compareTo(options.maxLoginFloodWait()) > 0) {
                return false;
            }
            waits.add(Mono.delay(flood.duration(), Schedulers.parallel()).subscribe(x -> {
                synchronized (againLock) {
                    again.tryEmitNext(a.id);
                }
            }));
            return true;
        }

        /** The login itself, from a state that allows one. */
        private Mono<LoginResult> logIn(Account a) {
            MtprotoClient client;
            synchronized (a) {
                if (a.state == AccountState.FLOOD_WAIT && a.resume == AccountState.NEEDS_LOGIN) {
                    // the pipeline waited the wait out: the timer and this attempt race, the first moves it back
                    move(a, AccountState.FLOOD_WAIT, AccountState.NEEDS_LOGIN, "flood wait over");
                }
                if (a.state == AccountState.AUTHORIZED && a.client != null) {
                    // the user is unknown when the start's check was flood-limited: ask once
                    MtprotoClient authorized = a.client;
                    return a.user != null ? Mono.just(LoginResult.ok(a.id, a.user))
                        : AuthClient.create(authorized).me().map(user -> LoginResult.ok(a.id, user));
                }
                if (!LOGIN_FROM.contains(a.state) || a.client == null) {
                    return Mono.just(LoginResult.failed(a.id, new AccountStateException(a.id, a.state,
                        "cannot log in now")));
                }
                AccountState from = a.state;
                move(a, from, AccountState.LOGGING_IN, "login");
                client = a.client;
            }
            return LoginFlows.create(client).login(prompts.apply(a.id))
                .map(user -> {
                    authorized(a, AccountState.LOGGING_IN, user, "logged in");
                    return LoginResult.ok(a.id, user);
                })
                .onErrorResume(e -> Mono.just(loginFailed(a, e)));
        }

        private LoginResult loginFailed(Account a, Throwable e) {
            if (e instanceof FloodWaitException flood) {
                floodWait(a, flood, "login", AccountState.NEEDS_LOGIN);
            } else if (e instanceof PhoneNumberBannedException) {
                move(a, AccountState.LOGGING_IN, AccountState.BANNED, "PHONE_NUMBER_BANNED");
            } else if (RevocationReason.of(e).isPresent()) {
                revoked(a, RevocationReason.of(e).orElseThrow());
            } else {
                move(a, AccountState.LOGGING_IN, AccountState.NEEDS_LOGIN, "login failed: "
                    + e.getClass().getSimpleName());
            }
            return LoginResult.failed(a.id, e);
        }
    }
}
