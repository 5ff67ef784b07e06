package io.mtflux.core.store;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link SessionStore} view of one account that holds the account's lease: built by {@link #acquire}, it renews
 * the lease in the background, sends every save as a fenced write ({@link SessionLeases#save(SessionLease,
 * SessionState)}) and, once the lease is lost (taken over, not renewed within its ttl by the local monotonic clock,
 * or released), fails every write with {@link LeaseLostException} without reaching the store. Give it to
 * {@code ClientOptions.builder().sessionStore(...)} with the same account id; {@code MtprotoClient.close()}
 * releases the lease.
 *
 * <pre>{@code
 * LeasedSessionStore leased = LeasedSessionStore.acquire(store, "alice", "worker-3", Duration.ofSeconds(30)).block();
 * MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
 *     ...sessionStore(leased).accountId("alice").build());
 * leased.lost().subscribe(e -> client.close().subscribe());
 * }</pre>
 */
public final class LeasedSessionStore implements SessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(LeasedSessionStore.class);

    private final SessionStore store;
    private final SessionLeases leases;
    private final AtomicReference<SessionLease> lease;
    private final Sinks.One<LeaseLostException> lostSink = Sinks.one();
    private volatile long deadlineNanos;
    private volatile LeaseLostException lostWith;
    private boolean released;
    private volatile Disposable renewal;
    private final Disposable.Swap deadlineTimer = Disposables.swap();

    private LeasedSessionStore(SessionStore store, SessionLeases leases, SessionLease lease, long sentAtNanos) {
        this.store = store;
        this.leases = leases;
        this.lease = new AtomicReference<>(lease);
        this.deadlineNanos = sentAtNanos + lease.ttl().toNanos();
    }

    /**
     * {@link #acquire(SessionStore, String, String, Duration, Duration)} renewing every third of the ttl.
     *
     * @param store a store that implements {@link SessionLeases}
     * @param accountId the account
     * @param holder the owner's name, for diagnostics
     * @param ttl how long the lease lasts without a renewal
     * @return the view; fails with {@link LeaseHeldException} when another owner holds the account
     */
    public static Mono<LeasedSessionStore> acquire(SessionStore store, String accountId, String holder, Duration ttl) {
        return acquire(store, accountId, holder, ttl, ttl.dividedBy(3));
    }

    /**
     * Acquires the lease of {@code accountId} and starts renewing it every {@code renewEvery}.
     *
     * @param store a store that implements {@link SessionLeases}
     * @param accountId the account
     * @param holder the owner's name, for diagnostics
     * @param ttl how long the lease lasts without a renewal
     * @param renewEvery the renewal period, positive and shorter than {@code ttl}
     * @return the view; fails with {@link LeaseHeldException} when another owner holds the account
     */
    public static Mono<LeasedSessionStore> acquire(SessionStore store, String accountId, String holder, Duration ttl,
                                                   Duration renewEvery) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(renewEvery, "renewEvery");
        if (!(store instanceof SessionLeases)) {
            return Mono.error(new IllegalArgumentException(store.getClass().getName() + " has no leases"));
        }
        if (renewEvery.isNegative() || renewEvery.isZero()) {
            return Mono.error(new IllegalArgumentException("renewEvery must be > 0"));
        }
        SessionLeases leases = (SessionLeases) store;
        return Mono.defer(() -> {
            long sentAt = System.nanoTime();
            return leases.acquire(accountId, holder, ttl).map(l -> {
                LeasedSessionStore view = new LeasedSessionStore(store, leases, l, sentAt);
                view.armDeadline();
                view.startRenewal(renewEvery);
                return view;
            });
        });
    }

    private void startRenewal(Duration every) {
        renewal = Flux.interval(every, every, Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(tick -> renewOnce(), 1)
            .subscribe();
    }

    private Mono<Void> renewOnce() {
        if (lostWith != null) {
            return Mono.empty();
        }
        if (System.nanoTime() - deadlineNanos >= 0) {
            markLost("not renewed within its ttl");
            return Mono.empty();
        }
        long sentAt = System.nanoTime();
        return leases.renew(lease.get())
            .doOnNext(renewed -> {
                lease.set(renewed);
                deadlineNanos = sentAt + renewed.ttl().toNanos();
                armDeadline();
            })
            .then()
            .onErrorResume(e -> {
                if (e instanceof LeaseLostException) {
                    markLost("taken over or expired in the store");
                } else {
                    LOG.warn("renewing the lease of account '{}' failed, retrying: {}", lease.get().accountId(),
                        e.toString());
                }
                return Mono.empty();
            });
    }

    /**
     * Signals the loss at the local deadline itself when no renewal moves it first, so that a holder cut off from
     * the store stops as soon as its lease may be taken over, not at the next renewal attempt.
     */
    private void armDeadline() {
        if (lostWith != null) {
            return;
        }
        long wait = Math.max(0, deadlineNanos - System.nanoTime());
        deadlineTimer.update(Mono.delay(Duration.ofNanos(wait), Schedulers.parallel()).subscribe(x -> {
            if (lostWith == null && System.nanoTime() - deadlineNanos >= 0) {
                markLost("not renewed within its ttl");
            }
        }));
    }

    private LeaseLostException markLost(String why) {
        SessionLease l = lease.get();
        LeaseLostException e = new LeaseLostException(l.accountId(), l.fencingToken(), why);
        synchronized (this) {
            if (lostWith != null) {
                return lostWith;
            }
            lostWith = e;
        }
        LOG.warn("lost the lease of account '{}' ({}): writes stop", l.accountId(), why);
        deadlineTimer.dispose();
        Disposable r = renewal;
        if (r != null) {
            r.dispose();
        }
        lostSink.tryEmitValue(e);
        return e;
    }

    /** {@return the lease as last acquired or renewed} */
    public SessionLease lease() {
        return lease.get();
    }

    /**
     * {@return whether writes still go through: the lease is neither lost nor released and within its local deadline}
     */
    public boolean isHeld() {
        return lostWith == null && System.nanoTime() - deadlineNanos < 0;
    }

    /** {@return a signal that emits once when the lease is lost, or completes empty when it is released first} */
    public Mono<LeaseLostException> lost() {
        return lostSink.asMono();
    }

    /**
     * Stops renewing and releases the lease; writes fail from now on. Idempotent.
     *
     * @return completes when the lease is released
     */
    public Mono<Void> release() {
        return Mono.defer(() -> {
            boolean first;
            boolean wasHeld;
            synchronized (this) {
                first = !released;
                released = true;
                wasHeld = lostWith == null;
                if (wasHeld) {
                    SessionLease l = lease.get();
                    lostWith = new LeaseLostException(l.accountId(), l.fencingToken(), "released");
                }
            }
            Disposable r = renewal;
            if (r != null) {
                r.dispose();
            }
            deadlineTimer.dispose();
            if (!first) {
                return Mono.empty();
            }
            if (wasHeld) {
                lostSink.tryEmitEmpty();
                return leases.release(lease.get());
            }
            // released in the store even when this view has given it up at its own deadline: a lease that does not
            // expire (a lock held by the process) would otherwise stay taken; the store ignores an older token. The
            // view is lost already, so a store that cannot be reached changes nothing: completes as before
            return leases.release(lease.get()).onErrorResume(e -> Mono.empty());
        });
    }

    private Mono<Void> checkAccount(String accountId) {
        String mine = lease.get().accountId();
        if (!mine.equals(accountId)) {
            return Mono.error(new IllegalArgumentException("this store holds account '" + mine + "', not '"
                + accountId + "'"));
        }
        LeaseLostException lost = lostWith;
        if (lost != null) {
            return Mono.error(lost);
        }
        if (System.nanoTime() - deadlineNanos >= 0) {
            return Mono.error(markLost("not renewed within its ttl"));
        }
        return Mono.empty();
    }

    @Override
    public Mono<SessionState> load(String accountId) {
        String mine = lease.get().accountId();
        if (!mine.equals(accountId)) {
            return Mono.error(new IllegalArgumentException("this store holds account '" + mine + "', not '"
                + accountId + "'"));
        }
        return store.load(accountId);
    }

    @Override
    public Mono<SessionState> save(String accountId, SessionState state) {
        return checkAccount(accountId).then(Mono.defer(() -> leases.save(lease.get(), state)))
            .doOnError(LeaseLostException.class, e -> markLost("the store rejected the fencing token"));
    }

    /** Deletes the account's state while the lease is held (the lease itself stays until released). */
    @Override
    public Mono<Void> delete(String accountId) {
        return checkAccount(accountId).then(Mono.defer(() -> store.delete(accountId)));
    }

    @Override
    public String toString() {
        SessionLease l = lease.get();
        return "LeasedSessionStore{account=" + l.accountId() + ", token=" + l.fencingToken() + ", held=" + isHeld()
            + "}";
    }
}
