package io.mtflux.accounts;

import io.mtflux.auth.AuthClient;
import io.mtflux.auth.AuthErrors;
import io.mtflux.auth.LoginFlows;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.auth.LoginStatus;
import io.mtflux.auth.PhoneNumberBannedException;
import io.mtflux.auth.ResumableLogin;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
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
    /** A call finds its account parked again after its wake at most this many times before it gives up. */
    private static final int MAX_WAKES_PER_CALL = 3;
    /** Scheduled wakes under way at most (the rest wait for a later sweep). */
    private static final int MAX_SCHEDULED_WAKES = 16;
    private static final String TRIGGER_CALL = "call";
    private static final String TRIGGER_SCHEDULE = "schedule";
    private static final String TRIGGER_MANUAL = "manual";
    private static final String TRIGGER_LOGIN = "login";
    private static final String REASON_IDLE = "idle";
    private static final String REASON_MANUAL = "manual";
    private static final String REASON_SCHEDULE = "schedule";

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
    /** {@code idleParkAfter} in nanoseconds; 0: off. */
    private final long idleParkNanos;
    /** {@code wakeEvery} in nanoseconds; 0: off. */
    private final long wakeEveryNanos;
    private final AtomicInteger scheduledWakes = new AtomicInteger();
    /** The sweeps of idle parking and scheduled wakes (nothing without those options). */
    private final Disposable.Swap sweeper = Disposables.swap();

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
        this.idleParkNanos = options.idleParkAfter().map(Duration::toNanos).orElse(0L);
        this.wakeEveryNanos = options.wakeEvery().map(Duration::toNanos).orElse(0L);
        if (idleParkNanos > 0 || wakeEveryNanos > 0) {
            Duration every = sweepEvery(idleParkNanos, wakeEveryNanos);
            sweeper.update(Flux.interval(every, every, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(t -> sweep().onErrorResume(e -> {
                    LOG.warn("a park/wake sweep failed: {}", e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe());
        }
        // clients are created by start(), possibly on an event loop: seed what MtprotoClient.create seeds now
        io.mtflux.transport.obfuscation.TransportRandom.warmUp();
    }

    /** A quarter of the shortest of the two periods, within 10 ms and 1 s. */
    static Duration sweepEvery(long idleParkNanos, long wakeEveryNanos) {
        long shortest = Long.MAX_VALUE;
        if (idleParkNanos > 0) {
            shortest = idleParkNanos;
        }
        if (wakeEveryNanos > 0) {
            shortest = Math.min(shortest, wakeEveryNanos);
        }
        long quarter = shortest / 4;
        return Duration.ofNanos(Math.max(Duration.ofMillis(10).toNanos(), Math.min(Duration.ofSeconds(1).toNanos(),
            quarter)));
    }

    /**
     * A manager with no accounts. Without resources in the options it creates its own (seeding their random
     * source on this thread: call it off any event loop) and shuts them down in {@link #close()}.
     *
     * @param options how it runs its accounts
     * @return the manager, with no accounts yet
     */
    public static AccountManager create(AccountManagerOptions options) {
        return new AccountManager(Objects.requireNonNull(options, "options"));
    }

    /** {@return the options it was created with} */
    public AccountManagerOptions options() {
        return options;
    }

    /** {@return the resources every account's client runs on: the options' shared ones, or its own} */
    public ClientResources resources() {
        return resources;
    }

    // ------------------------------------------------------------------ the table

    /**
     * Adds an account in {@link AccountState#NEW}; nothing connects before {@link #start(String)}.
     *
     * @param spec the account's id and, optionally, its own API credentials
     * @return the account as added
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

    /**
     * Stops the account (if running) and forgets it; its session stays in the store.
     *
     * @param accountId the account
     * @return completes once it is stopped and forgotten; fails with {@link UnknownAccountException} for an id the
     *     manager does not have
     */
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
     * @param accountId the account
     * @return its state now
     * @throws UnknownAccountException for an id never added or removed
     */
    public AccountState state(String accountId) {
        Account a = require(accountId);
        synchronized (a) {
            return a.state;
        }
    }

    /**
     * The account as it is now.
     *
     * @param accountId the account
     * @return its state, since when, its user, flood wait and lease
     * @throws UnknownAccountException for an id never added or removed
     */
    public AccountSnapshot snapshot(String accountId) {
        Account a = require(accountId);
        synchronized (a) {
            return a.snapshot();
        }
    }

    /** {@return every account as it is now, sorted by id} */
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

    /**
     * {@return every state change of every account, as it happens} Multicast, no replay; 4,096 are buffered per
     * subscriber, a slower one loses the oldest. It completes when the manager is closed.
     */
    public Flux<AccountEvent> events() {
        return events.asFlux().onBackpressureBuffer(EVENTS_BUFFER,
            dropped -> LOG.warn("a slow account events subscriber dropped an event of {}", dropped.accountId()),
            BufferOverflowStrategy.DROP_OLDEST);
    }

    /**
     * {@return every running account's updates, tagged with the account} Multicast, no replay; 4,096 are buffered
     * per subscriber, a slower one loses the oldest. It completes when the manager is closed.
     */
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
     *
     * @return one snapshot per account, once started (or once its start failed)
     */
    public Flux<AccountSnapshot> startAll() {
        if (balancer != null) {
            return Mono.defer(balancer::serve).thenMany(Flux.defer(() -> Flux.fromIterable(snapshot())));
        }
        return Flux.defer(() -> Flux.fromIterable(List.copyOf(accounts.keySet())))
            .flatMap(id -> start(id, options.startParked()).onErrorResume(e -> Mono.empty())
                .then(Mono.fromCallable(() -> snapshot(id))), 32);
    }

    /**
     * Starts the account: {@code CONNECTING}, its client connects to the home DC, then {@code AUTHORIZED} (the
     * session has a user, confirmed with one {@code users.getUsers} call) or {@code NEEDS_LOGIN}; a login the server
     * ended shows as the state its reason leads to. Starting a running account returns its state.
     *
     * @param accountId the account
     * @return the state reached; fails (and the account is {@code STOPPED}) when the connection cannot be made
     */
    public Mono<AccountState> start(String accountId) {
        return start(accountId, false);
    }

    /**
     * Starts the account, parked when {@code parked} and its stored session has a login: {@code PARKED} at once,
     * with no connection (see {@link #wake(String)}); an account without a stored login starts as
     * {@link #start(String)} does. With leases the lease is acquired either way (a parked account holds it).
     *
     * @param accountId the account
     * @param parked whether an account with a stored login starts {@code PARKED}
     * @return the state reached
     */
    public Mono<AccountState> start(String accountId, boolean parked) {
        return Mono.defer(() -> {
            Account a = require(accountId);
            synchronized (a) {
                a.stoppedByUser = false;
            }
            return startAccount(a, parked);
        });
    }

    /** Starts {@code a} as the options say (parked with {@code startParked}), for the balancer. */
    Mono<AccountState> startAccount(Account a) {
        return startAccount(a, options.startParked());
    }

    /**
     * Starts {@code a}; with leases it first acquires the account's lease (fails with {@code LeaseHeldException}
     * while another instance holds it, the account staying as it was).
     */
    private Mono<AccountState> startAccount(Account a, boolean parked) {
        if (leaseStore == null) {
            return parked ? startParked(a, null) : startUnder(a, null);
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
                return parked ? startParked(a, lease) : startUnder(a, lease);
            });
    }

    /**
     * Starts {@code a} parked when its stored session has a login (the session is read, nothing connects), else
     * as usual.
     */
    private Mono<AccountState> startParked(Account a, LeasedSessionStore lease) {
        SessionStore store = lease == null ? options.sessionStore() : lease;
        return store.load(a.id).map(s -> Optional.ofNullable(s.userId())).defaultIfEmpty(Optional.empty())
            .onErrorResume(e -> lease == null ? Mono.error(e)
                : lease.release().onErrorResume(x -> Mono.empty()).then(Mono.fromRunnable(() -> {
                    synchronized (a) {
                        a.acquiring = false;
                    }
                })).then(Mono.error(e)))
            .flatMap(user -> {
                if (user.isEmpty()) {
                    return startUnder(a, lease);
                }
                synchronized (a) {
                    a.acquiring = false;
                    if (a.removed || closed.get() || a.state != AccountState.NEW && a.state != AccountState.STOPPED) {
                        AccountState now = a.state;
                        return lease == null ? Mono.just(now)
                            : lease.release().onErrorResume(e -> Mono.empty()).thenReturn(now);
                    }
                    holdLease(a, lease);
                    move(a, a.state, AccountState.PARKED, lease == null ? "started parked"
                        : "started parked under lease " + a.fence + " on " + options.instance());
                    a.userId = user.get();
                    a.resume = null;
                    scheduleWake(a);
                    return Mono.just(a.state);
                }
            });
    }

    /** Keeps the lease the account runs under, watching for its loss (under the account's monitor). */
    private void holdLease(Account a, LeasedSessionStore lease) {
        if (lease != null) {
            a.lease = lease;
            a.fence = lease.lease().fencingToken();
            a.leaseWatch = lease.lost().subscribe(e -> leaseLost(a, lease, e));
        }
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
            holdLease(a, lease);
            move(a, a.state, AccountState.CONNECTING, lease == null ? "started"
                : "started under lease " + a.fence + " on " + options.instance());
            client = newClient(a);
            a.resume = null;
        }
        return client.connect()
            .then(Mono.defer(() -> verify(a, client)))
            .onErrorResume(e -> startFailed(a, client, e));
    }

    /**
     * A client for {@code a}, its events and updates listened to (under the account's monitor). With a lease, its
     * store is a view of the lease that closing the client does not release: a parked account keeps its lease
     * (stop releases it).
     */
    private MtprotoClient newClient(Account a) {
        SessionStore store = a.lease == null ? options.sessionStore() : new LeaseView(a.lease);
        MtprotoClient client = MtprotoClient.create(clientOptions(a.spec, store));
        a.client = client;
        Disposable.Composite listeners = Disposables.composite();
        listeners.add(client.events().subscribe(e -> onClientEvent(a, e)));
        listeners.add(client.updates().subscribe(u -> {
            synchronized (updatesLock) {
                updates.tryEmitNext(new AccountUpdate(a.id, u));
            }
        }));
        a.listeners = listeners;
        return client;
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
            a.lastCallNanos = System.nanoTime();
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

    /**
     * Stops the account: its client is closed, its state {@code STOPPED}. Stopping a stopped account does nothing.
     *
     * @param accountId the account
     * @return completes once stopped (with leases, once its lease is released); fails with
     *     {@link UnknownAccountException} for an id the manager does not have
     */
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
        Mono<Void> parkedClose;
        synchronized (a) {
            parkedClose = a.closing == null ? Mono.empty() : a.closing;
            client = a.client;
            a.client = null;
            lease = a.lease;
            a.lease = null;
            if (a.listeners != null) {
                a.listeners.dispose();
                a.listeners = null;
            }
            if (a.leaseWatch != null) {
                a.leaseWatch.dispose();
                a.leaseWatch = null;
            }
            a.nextWakeNanos = 0;
            move(a, s -> s != AccountState.STOPPED && s.canMoveTo(AccountState.STOPPED), AccountState.STOPPED,
                reason, null);
            a.resume = null;
        }
        Mono<Void> closing = parkedClose.then(client == null ? Mono.empty() : client.close().onErrorResume(e -> {
            LOG.debug("account {}: closing its client: {}", a.id, e.toString());
            return Mono.empty();
        }));
        // the client saves through a LeaseView, whose close leaves the lease alone: it is released here, once the
        // client (or a parked one still closing) has saved the session
        return lease == null ? closing : closing.then(lease.release().onErrorResume(e -> {
            LOG.debug("account {}: releasing its lease: {}", a.id, e.toString());
            return Mono.empty();
        }));
    }

    /**
     * Stops every account, completes {@link #events()} and {@link #updates()}, and shuts down the resources when
     * the manager created them. Idempotent.
     *
     * @return completes once everything is stopped and shut down
     */
    public Mono<Void> close() {
        return Mono.defer(() -> {
            if (!closed.compareAndSet(false, true)) {
                return Mono.empty();
            }
            sweeper.dispose();
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
     * @param <R> the method's result type
     * @param accountId the account; a parked one is woken first
     * @param method the API method and its arguments
     * @return the result; fails with {@link UnknownAccountException} or {@link AccountNotAuthorizedException}
     *     (not logged in: neither {@code AUTHORIZED} nor waiting out a flood wait or reconnect on the way back)
     */
    public <R> Mono<R> invoke(String accountId, TlMethod<R> method) {
        Objects.requireNonNull(method, "method");
        return Mono.defer(() -> invoke(require(accountId), method, 0));
    }

    private <R> Mono<R> invoke(Account a, TlMethod<R> method, int wakes) {
        MtprotoClient client;
        boolean parked;
        synchronized (a) {
            a.lastCallNanos = System.nanoTime();
            parked = (a.state == AccountState.PARKED || a.state == AccountState.WAKING && !a.clientReady)
                && wakes < MAX_WAKES_PER_CALL;
        }
        if (parked) {
            // wake it (calls meanwhile share the wake); the call goes out once the new client is connected
            return wake(a, TRIGGER_CALL, false).then(Mono.defer(() -> invoke(a, method, wakes + 1)));
        }
        synchronized (a) {
            boolean working = a.state == AccountState.AUTHORIZED || a.state == AccountState.WAKING && a.clientReady
                || (a.state == AccountState.FLOOD_WAIT || a.state == AccountState.RECONNECTING)
                && a.resume == AccountState.AUTHORIZED;
            if (!working || a.client == null) {
                return Mono.error(new AccountNotAuthorizedException(a.id, a.state));
            }
            client = a.client;
            a.inFlight++;
        }
        return client.invoke(method).onErrorResume(e -> {
            if (e instanceof FloodWaitException flood) {
                floodWait(a, flood, method.tlName(), AccountState.AUTHORIZED);
            } else {
                RevocationReason.of(e).ifPresent(reason -> revoked(a, reason));
            }
            return Mono.error(e);
        }).doFinally(signal -> {
            synchronized (a) {
                a.inFlight--;
            }
        });
    }

    // ------------------------------------------------------------------ hot and parked

    /**
     * Parks an {@code AUTHORIZED} account: its update position is made known and saved, then its client is closed
     * (calls still running on it fail) and it is {@code PARKED}: no socket, no buffers, its session in the store,
     * its lease (with leases) still held and renewed. The next call through {@link #invoke} wakes it, as do
     * {@link #wake(String)} and the {@code wakeEvery} schedule. Parking a parked account does nothing; a waking one
     * is parked once its wake is over.
     *
     * @param accountId the account
     * @return completes once parked; fails with {@link AccountStateException} for an account in another state
     */
    public Mono<Void> park(String accountId) {
        return Mono.defer(() -> park(require(accountId), REASON_MANUAL, false));
    }

    /**
     * Wakes a parked account: a new client connects on the stored key (no key exchange) and catches up with
     * {@code updates.getDifference} (the updates it missed come on {@link #updates()}, in order, before new
     * ones); then it is {@code AUTHORIZED} and stays hot until parked again. A wake under way is joined; an account
     * that is not parked is left as it is.
     *
     * @param accountId the account
     * @return the state reached (after a failed wake the account is {@code PARKED} again and this fails)
     */
    public Mono<AccountState> wake(String accountId) {
        return Mono.defer(() -> {
            Account a = require(accountId);
            return wake(a, TRIGGER_MANUAL).then(Mono.fromCallable(() -> state(a)));
        });
    }

    /**
     * Parks {@code a}. {@code idle}: only if it is still idle (no call running, none since the sweep saw it idle)
     * once the position is saved, and quietly not otherwise.
     */
    private Mono<Void> park(Account a, String reason, boolean idle) {
        MtprotoClient client;
        long calls;
        synchronized (a) {
            if (a.state == AccountState.PARKED || idle && a.parking) {
                return Mono.empty();
            }
            if (a.state == AccountState.WAKING && a.waking != null && !idle) {
                // calls go out before the catch-up ends: park once it has (or the wake failed)
                return a.waking.onErrorResume(e -> Mono.empty()).then(Mono.defer(() -> park(a, reason, false)));
            }
            if (a.state != AccountState.AUTHORIZED || a.client == null || a.parking) {
                return idle ? Mono.empty()
                    : Mono.error(new AccountStateException(a.id, a.state, "only an authorized account parks"));
            }
            a.parking = true;
            client = a.client;
            calls = a.lastCallNanos;
        }
        return client.syncUpdateState()
            .onErrorResume(e -> {
                synchronized (a) {
                    a.parking = false;
                }
                RevocationReason.of(e).ifPresent(r -> revoked(a, r));
                return Mono.error(e);
            })
            .doOnCancel(() -> {
                synchronized (a) {
                    a.parking = false;
                }
            })
            .then(Mono.defer(() -> {
                Sinks.Empty<Void> closed = Sinks.empty();
                Mono<Void> closing = closed.asMono();
                synchronized (a) {
                    a.parking = false;
                    boolean busy = idle && (a.inFlight > 0 || a.lastCallNanos != calls);
                    if (a.client != client || a.state != AccountState.AUTHORIZED || busy) {
                        return idle ? Mono.<Void>empty() : Mono.<Void>error(new AccountStateException(a.id, a.state,
                            "only an authorized account parks"));
                    }
                    a.client = null;
                    // the listeners end with the client's fluxes when it is closed: updates emitted until then
                    // still reach updates(), and the position saved at close covers exactly those
                    a.listeners = null;
                    a.user = null;
                    // counted before the event leaves: whoever sees the event sees the count
                    metrics.parked(reason);
                    move(a, AccountState.AUTHORIZED, AccountState.PARKED, "parked (" + reason + ")");
                    scheduleWake(a);
                    a.closing = closing;
                }
                // closed whether or not the caller waits for it; a wake waits for it (the close saves the session)
                client.close().doFinally(x -> {
                    synchronized (a) {
                        if (a.closing == closing) {
                            a.closing = null;
                        }
                    }
                    closed.tryEmitEmpty();
                }).subscribe(null, e -> LOG.debug("account {}: closing its parked client: {}", a.id, e.toString()));
                return closing;
            }));
    }

    /** When the schedule wakes a freshly parked account next: jittered over [1/2, 3/2] of {@code wakeEvery}. */
    private void scheduleWake(Account a) {
        if (wakeEveryNanos == 0) {
            a.nextWakeNanos = 0;
            return;
        }
        long at = System.nanoTime() + wakeEveryNanos / 2 + ThreadLocalRandom.current().nextLong(wakeEveryNanos);
        a.nextWakeNanos = at == 0 ? 1 : at; // 0 means "not due"
    }

    /**
     * Wakes {@code a} if parked (joins the wake under way); completes once it is caught up, or at once when it is
     * neither parked nor waking. The wake runs to its end even if every caller cancels.
     */
    private Mono<Void> wake(Account a, String trigger) {
        return wake(a, trigger, true);
    }

    /**
     * Wakes {@code a} if parked (joins the wake under way). {@code untilCaughtUp}: completes once it is caught up;
     * else as soon as the new client is connected, when calls may go out beside the catch-up (the updates their
     * results carry wait in the sequencer behind the difference, like any update that arrives during a recovery).
     * Completes at once when the account is neither parked nor waking; fails when the wake fails first.
     */
    private Mono<Void> wake(Account a, String trigger, boolean untilCaughtUp) {
        Mono<Void> wake;
        Mono<Void> ready;
        synchronized (a) {
            if (a.state == AccountState.WAKING && a.waking != null) {
                return untilCaughtUp ? a.waking : a.wakeReady;
            }
            if (a.state != AccountState.PARKED) {
                return Mono.empty();
            }
            long started = System.nanoTime();
            a.scheduledWake = TRIGGER_SCHEDULE.equals(trigger);
            a.nextWakeNanos = 0;
            move(a, AccountState.PARKED, AccountState.WAKING, "woken (" + trigger + ")");
            Mono<Void> closed = a.closing == null ? Mono.empty() : a.closing;
            Sinks.One<Void> connected = Sinks.one();
            ready = connected.asMono();
            wake = closed.then(Mono.defer(() -> connectWoken(a, trigger, started, connected)))
                .doOnError(e -> connected.tryEmitError(e))
                .cache();
            a.waking = wake;
            a.wakeReady = ready;
        }
        wake.subscribe(null, e -> LOG.debug("account {}: wake failed: {}", a.id, e.toString()));
        return untilCaughtUp ? wake : ready;
    }

    /**
     * The wake itself: a new client on the stored session, connected (from then on calls go out on it), caught up;
     * then AUTHORIZED.
     */
    private Mono<Void> connectWoken(Account a, String trigger, long started, Sinks.One<Void> connected) {
        MtprotoClient client;
        synchronized (a) {
            if (a.removed || closed.get() || a.state != AccountState.WAKING) {
                a.waking = null;
                a.wakeReady = null;
                return Mono.error(new AccountNotAuthorizedException(a.id, a.state));
            }
            client = newClient(a);
        }
        return client.resume()
            .then(Mono.fromRunnable(() -> {
                synchronized (a) {
                    a.clientReady = a.client == client && a.state == AccountState.WAKING;
                }
                connected.tryEmitEmpty();
            }))
            .then(Mono.defer(client::catchUp))
            .then(Mono.<Void>fromRunnable(() -> woke(a, client, trigger, started)))
            .onErrorResume(e -> wakeFailed(a, client, trigger, started, e));
    }

    private void woke(Account a, MtprotoClient client, String trigger, long started) {
        boolean again;
        synchronized (a) {
            a.waking = null;
            a.wakeReady = null;
            a.clientReady = false;
            if (a.client != client || a.removed || a.state != AccountState.WAKING) {
                return; // stopped, lease lost or revoked meanwhile
            }
            // timed before the event leaves: whoever sees the account authorized sees the wake
            metrics.woke(trigger, "ok", System.nanoTime() - started);
            move(a, AccountState.WAKING, AccountState.AUTHORIZED, "caught up");
            // a scheduled wake parks again unless a call came since it started
            again = a.scheduledWake && a.lastCallNanos - started < 0;
            a.scheduledWake = false;
            a.lastCallNanos = System.nanoTime(); // idle from now on
        }
        if (again) {
            park(a, REASON_SCHEDULE, true).subscribe(null,
                e -> LOG.debug("account {}: parking again after its scheduled wake: {}", a.id, e.toString()));
        }
    }

    private Mono<Void> wakeFailed(Account a, MtprotoClient client, String trigger, long started, Throwable e) {
        metrics.woke(trigger, e.getClass().getSimpleName(), System.nanoTime() - started);
        RevocationReason reason = RevocationReason.of(e).orElse(null);
        if (reason != null || e instanceof FloodWaitException) {
            boolean current;
            synchronized (a) {
                a.waking = null;
                a.wakeReady = null;
                a.clientReady = false;
                // a call that went out beside the catch-up may have moved the account already (and a login may
                // have started since): only a wake still under way is moved here
                current = a.client == client && a.state == AccountState.WAKING;
            }
            if (current && reason != null) {
                revoked(a, reason); // the client stays, as for any revoked account: a login may follow
            } else if (current) {
                // connected; the catch-up was refused for now: calls flow once the wait is over
                floodWait(a, (FloodWaitException) e, "wake", AccountState.AUTHORIZED);
            }
            return Mono.error(e);
        }
        LOG.info("account {}: wake failed: {}", a.id, e.toString());
        boolean parkedAgain;
        synchronized (a) {
            a.waking = null;
            a.wakeReady = null;
            a.clientReady = false;
            parkedAgain = a.client == client;
            if (parkedAgain) {
                a.client = null;
                if (a.listeners != null) {
                    a.listeners.dispose();
                    a.listeners = null;
                }
                move(a, AccountState.WAKING, AccountState.PARKED, "wake failed: " + e.getClass().getSimpleName());
                scheduleWake(a);
            }
        }
        Mono<Void> closing = parkedAgain ? client.close().onErrorResume(x -> Mono.empty()) : Mono.empty();
        return closing.then(Mono.error(e));
    }

    // ------------------------------------------------------------------ the idle and wake schedule

    /** One sweep: idle authorized accounts are parked, parked accounts whose time came are woken. */
    private Mono<Void> sweep() {
        if (closed.get()) {
            return Mono.empty();
        }
        long now = System.nanoTime();
        List<Account> idle = new ArrayList<>();
        List<Account> due = new ArrayList<>();
        int room = MAX_SCHEDULED_WAKES - scheduledWakes.get();
        for (Account a : accounts.values()) {
            synchronized (a) {
                if (idleParkNanos > 0 && a.state == AccountState.AUTHORIZED && a.client != null && a.inFlight == 0
                    && !a.parking && now - a.lastCallNanos >= idleParkNanos) {
                    idle.add(a);
                } else if (a.state == AccountState.PARKED && a.nextWakeNanos != 0 && now - a.nextWakeNanos >= 0
                    && due.size() < room) {
                    due.add(a);
                }
            }
        }
        for (Account a : due) {
            scheduledWakes.incrementAndGet();
            wake(a, TRIGGER_SCHEDULE).doFinally(s -> scheduledWakes.decrementAndGet())
                .subscribe(null, e -> LOG.debug("account {}: scheduled wake failed: {}", a.id, e.toString()));
        }
        return Flux.fromIterable(idle)
            .flatMap(a -> park(a, REASON_IDLE, true).onErrorResume(e -> {
                LOG.debug("account {}: idle park failed: {}", a.id, e.toString());
                return Mono.empty();
            }), 32)
            .then();
    }

    // ------------------------------------------------------------------ logins

    /**
     * The resumable login of an account ({@link ResumableLogin}: each step a separate call, the state between
     * steps saved in the session, so the next step may come after a restart or through another manager on the
     * same store), on the account's client: started ({@code NEW}, {@code STOPPED}) or woken ({@code PARKED}) as
     * needed. A step moves the account to {@code LOGGING_IN}; a completed login to {@code AUTHORIZED} with its
     * user; a dropped login (attempts exceeded, code expired, cancelled, logged out) back to {@code NEEDS_LOGIN};
     * a flood wait to {@code FLOOD_WAIT} (back to {@code NEEDS_LOGIN}); one event each, with a reason. The last
     * error's name shows in {@link AccountSnapshot#lastError()}, the pending step in
     * {@link AccountSnapshot#pendingStep()}. Without leases, a client whose session is older than the stored one
     * (another manager on the store took a step meanwhile) is replaced first by a new client that loads it.
     *
     * @param accountId the account
     * @return the login, once the account's client is connected; {@link UnknownAccountException} for an id never
     *     added
     */
    public Mono<ResumableLogin> resumableLogin(String accountId) {
        return resumableLogin(accountId, ResumableLogin.DEFAULT_MAX_FAILED_ATTEMPTS);
    }

    /**
     * The resumable login of an account as {@link #resumableLogin(String)}, dropping the pending login after
     * {@code maxFailedAttempts} wrong codes or passwords (counted in the store, so the bound holds across
     * restarts and instances; {@link io.mtflux.auth.LoginAttemptsExceededException} at the bound).
     *
     * @param accountId the account
     * @param maxFailedAttempts the bound of wrong codes or passwords, at least 1
     * @return the login, once the account's client is connected; {@link UnknownAccountException} for an id never
     *     added
     * @throws IllegalArgumentException if {@code maxFailedAttempts} is below 1
     */
    public Mono<ResumableLogin> resumableLogin(String accountId, int maxFailedAttempts) {
        if (maxFailedAttempts < 1) {
            throw new IllegalArgumentException("maxFailedAttempts must be at least 1, got " + maxFailedAttempts);
        }
        return Mono.defer(() -> {
            Account a = require(accountId);
            AccountState now = state(a);
            Mono<AccountState> started = now == AccountState.NEW || now == AccountState.STOPPED ? start(accountId)
                : now == AccountState.PARKED || now == AccountState.WAKING
                ? wake(a, TRIGGER_LOGIN).then(Mono.fromCallable(() -> state(a))) : Mono.just(now);
            return started.then(Mono.fromCallable(() -> loginClient(a)))
                .flatMap(client -> current(a, client))
                .map(client -> {
                    ResumableLogin login = ResumableLogin.of(client, maxFailedAttempts)
                        .withListener(new StepListener(a));
                    return options.meterRegistry().map(login::withMeterRegistry).orElse(login);
                });
        });
    }

    private MtprotoClient loginClient(Account a) {
        MtprotoClient client;
        synchronized (a) {
            client = a.client;
        }
        if (client == null) {
            throw new AccountStateException(a.id, state(a), "no client to log in with");
        }
        return client;
    }

    /**
     * The account's client with the stored session: without leases another manager on the same store may have
     * saved the account's session since this client loaded it (the first step of a login on one instance, the
     * next on another); such a client's next save would fail with a {@code SessionConflictException}, so it is
     * replaced by a new one, which loads the stored session (the account moves through {@code STOPPED} and
     * {@code CONNECTING}, with that reason). Under leases one instance holds the account and nothing is read.
     */
    private Mono<MtprotoClient> current(Account a, MtprotoClient client) {
        if (leaseStore != null) {
            return Mono.just(client);
        }
        return options.sessionStore().load(a.id)
            .filter(stored -> stored.version() > client.session().version())
            .flatMap(stored -> {
                synchronized (a) {
                    if (a.client != client) {
                        // another step replaced it meanwhile
                        return Mono.fromCallable(() -> loginClient(a));
                    }
                }
                LOG.debug("account {}: the stored session is newer than its client's: a new client loads it", a.id);
                return stop(a, "the stored session changed elsewhere: reloading")
                    .then(startAccount(a, false))
                    .then(Mono.fromCallable(() -> loginClient(a)));
            })
            .defaultIfEmpty(client);
    }

    /** Moves an account's state with the steps of its resumable login. */
    private final class StepListener implements ResumableLogin.Listener {
        private final Account a;

        StepListener(Account a) {
            this.a = a;
        }

        @Override
        public void onStep() {
            synchronized (a) {
                if (a.state == AccountState.FLOOD_WAIT && a.resume == AccountState.NEEDS_LOGIN
                    && !a.floodUntil.isAfter(options.clock().instant())) {
                    move(a, AccountState.FLOOD_WAIT, AccountState.NEEDS_LOGIN, "flood wait over");
                }
                if (LOGIN_FROM.contains(a.state)) {
                    move(a, a.state, AccountState.LOGGING_IN, "login step");
                }
            }
        }

        @Override
        public void onStatus(LoginStatus status) {
            switch (status.step()) {
                case AUTHORIZED -> {
                    synchronized (a) {
                        a.lastError = null;
                        if (a.state == AccountState.LOGGING_IN) {
                            authorized(a, AccountState.LOGGING_IN, null, "logged in (resumable login)");
                        }
                    }
                }
                case NONE -> {
                    synchronized (a) {
                        a.userId = null;
                        a.user = null;
                        // a log-out ends an authorized account's login (LOGGED_OUT, from which a login may start
                        // again); a dropped login under way goes back to NEEDS_LOGIN
                        if (!move(a, AccountState.AUTHORIZED, AccountState.LOGGED_OUT, "logged out")) {
                            move(a, AccountState.LOGGING_IN, AccountState.NEEDS_LOGIN, "login dropped");
                        }
                    }
                }
                default -> {
                    // CODE, PASSWORD, SIGN_UP, QR: the account stays LOGGING_IN
                }
            }
        }

        @Override
        public void onError(Throwable error, boolean dropped) {
            synchronized (a) {
                a.lastError = AuthErrors.errorName(error);
                if (error instanceof FloodWaitException flood && a.state == AccountState.LOGGING_IN) {
                    floodWait(a, flood, "login", AccountState.NEEDS_LOGIN);
                } else if (dropped) {
                    move(a, AccountState.LOGGING_IN, AccountState.NEEDS_LOGIN, "login dropped: " + a.lastError);
                }
            }
        }
    }

    /**
     * Logs one account in (starting it first when {@code NEW} or {@code STOPPED}); an authorized account answers
     * its user at once. The same as a pipeline of one.
     *
     * @param accountId the account
     * @param prompts where the login gets the phone number, the code and the 2FA password
     * @return how the login ended
     */
    public Mono<LoginResult> login(String accountId, LoginPrompts prompts) {
        Objects.requireNonNull(prompts, "prompts");
        return login(Flux.just(accountId), id -> prompts, 1).next();
    }

    /**
     * Adds the accounts not added yet, then logs them in as {@link #login(Flux, Function, int)}.
     *
     * @param specs the accounts; an id already in the manager is logged in as it is
     * @param prompts each account's prompts, by account id
     * @param concurrency how many logins run at a time, at least 1
     * @return one result per account, as each completes
     * @throws IllegalArgumentException if {@code concurrency} is less than 1
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
     *
     * @param accountIds the accounts to log in
     * @param prompts each account's prompts, by account id
     * @param concurrency how many logins run at a time, at least 1 (an account in a flood wait holds no slot)
     * @return one result per account, as each completes
     * @throws IllegalArgumentException if {@code concurrency} is less than 1
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
                Mono<AccountState> started = now == AccountState.NEW || now == AccountState.STOPPED ? start(id)
                    : now == AccountState.PARKED || now == AccountState.WAKING
                    ? wake(a, TRIGGER_LOGIN).then(Mono.fromCallable(() -> state(a))) : Mono.just(now);
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
