package io.mtflux.accounts;

import io.mtflux.core.store.AccountListingUnsupportedException;
import io.mtflux.core.store.LeaseHeldException;
import io.mtflux.core.store.LeasedSessionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Serves the store's accounts from one {@link AccountManager} among several instances: every {@code rescanEvery}
 * (jittered) one round lists the store (with {@code serveStore}), reads the current leases, computes this
 * instance's fair share and takes free leases up to it, or gives a few back when another live instance is below it.
 * See accounts/README.md, "Leases", for the scheme and its guarantees.
 *
 * <p>Live instances: each instance holds a membership lease on the pseudo account
 * {@code mtflux.instance:<instance>} (never saved, so never listed as an account) with a ttl one renew interval
 * shorter than the accounts' leases, so a dead instance stops counting no later than its accounts become free.
 * The fair share is {@code ceil(accounts / live instances)}. A store that cannot list its leases makes every
 * instance take what it can (no fair share).
 */
final class LeaseBalancer {
    static final String MEMBER_PREFIX = "mtflux.instance:";
    private static final Logger LOG = LoggerFactory.getLogger(LeaseBalancer.class);
    private static final int START_CONCURRENCY = 8;

    private final AccountManager manager;
    private final AccountManagerOptions options;
    private final MeteredLeaseStore leases;
    private final AtomicBoolean serving = new AtomicBoolean();
    private final Disposable.Swap loop = Disposables.swap();
    private volatile LeasedSessionStore membership;
    private volatile boolean stopped;
    private volatile int liveInstances = 1;
    private volatile int fairShare;

    LeaseBalancer(AccountManager manager, AccountManagerOptions options, MeteredLeaseStore leases) {
        this.manager = manager;
        this.options = options;
        this.leases = leases;
    }

    /** The first call runs a round and then keeps running them every {@code rescanEvery}; later calls do nothing. */
    Mono<Void> serve() {
        if (stopped) {
            return Mono.error(new IllegalStateException("the account manager is closed"));
        }
        if (!serving.compareAndSet(false, true)) {
            return Mono.empty();
        }
        Duration every = options.rescanEvery();
        return round().onErrorResume(e -> {
            LOG.warn("instance {}: the first round failed, retrying every {}: {}", options.instance(), every,
                e.toString());
            return Mono.empty();
        }).doFinally(s -> {
            if (!stopped) {
                loop.update(Flux.interval(every, every, Schedulers.parallel())
                    .onBackpressureDrop()
                    .concatMap(t -> Mono.delay(jitter(every), Schedulers.parallel())
                        .then(Mono.defer(this::round))
                        .onErrorResume(e -> {
                            LOG.warn("instance {}: a round failed: {}", options.instance(), e.toString());
                            return Mono.empty();
                        }), 1)
                    .subscribe());
            }
        });
    }

    /** Up to a quarter of the interval, so that instances started together do not act in lock-step. */
    private static Duration jitter(Duration every) {
        long quarter = Math.max(1, every.toMillis() / 4);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(quarter));
    }

    /** Ends the rounds (the manager then stops its accounts, releasing their leases). */
    Mono<Void> stop() {
        stopped = true;
        loop.dispose();
        return Mono.empty();
    }

    /** Releases the membership lease, once the accounts are stopped. */
    Mono<Void> leave() {
        LeasedSessionStore m = membership;
        membership = null;
        return m == null ? Mono.empty() : m.release().onErrorResume(e -> Mono.empty());
    }

    /** The live instances seen by the last round (this one included). */
    int liveInstances() {
        return liveInstances;
    }

    /** This instance's fair share at the last round. */
    int fairShare() {
        return fairShare;
    }

    Mono<Void> round() {
        if (stopped) {
            return Mono.empty();
        }
        Mono<Void> listing = options.serveStore()
            ? options.sessionStore().accountIds().doOnNext(manager::addIfAbsent).then() : Mono.empty();
        return join().then(listing).then(holders()).flatMap(this::act);
    }

    /** Holds the membership lease (acquired again after a loss); a failure only skips this round's membership. */
    private Mono<Void> join() {
        if (leases == null) {
            return Mono.empty();
        }
        LeasedSessionStore m = membership;
        if (m != null && m.isHeld()) {
            return Mono.empty();
        }
        Duration ttl = options.leaseTtl().orElseThrow().minus(options.leaseRenewEvery());
        Duration renew = ttl.dividedBy(3).isZero() ? Duration.ofMillis(1) : ttl.dividedBy(3);
        return LeasedSessionStore.acquire(leases, MEMBER_PREFIX + options.instance(), options.instance(), ttl, renew)
            .doOnNext(joined -> {
                if (stopped) {
                    joined.release().subscribe(x -> { }, e -> { });
                } else {
                    membership = joined;
                }
            })
            .onErrorResume(e -> {
                LOG.debug("instance {}: membership not taken this round: {}", options.instance(), e.toString());
                return Mono.empty();
            })
            .then();
    }

    private Mono<Optional<Map<String, String>>> holders() {
        if (leases == null) {
            return Mono.just(Optional.empty());
        }
        return leases.leaseHolders("").map(Optional::of)
            .onErrorResume(AccountListingUnsupportedException.class, e -> Mono.just(Optional.empty()));
    }

    private Mono<Void> act(Optional<Map<String, String>> holders) {
        if (stopped || manager.isClosed()) {
            return Mono.empty();
        }
        List<Account> table = new ArrayList<>();
        manager.table().forEach(table::add);
        if (leases == null) {
            // serveStore without leases: this is the only instance, it starts every new account
            List<Account> fresh = table.stream().filter(a -> {
                synchronized (a) {
                    return a.state == AccountState.NEW && !a.removed;
                }
            }).toList();
            return Flux.fromIterable(fresh).flatMap(a -> manager.startAccount(a).onErrorResume(e -> Mono.empty()),
                32).then();
        }
        Set<String> live = new HashSet<>();
        live.add(options.instance());
        Map<String, Integer> heldBy = new HashMap<>();
        holders.ifPresent(map -> map.forEach((account, holder) -> {
            if (account.startsWith(MEMBER_PREFIX)) {
                live.add(holder);
            } else {
                heldBy.merge(holder, 1, Integer::sum);
            }
        }));
        int instances = holders.isPresent() ? live.size() : 1;
        int target = (table.size() + instances - 1) / instances;
        liveInstances = instances;
        fairShare = target;
        List<Account> mine = new ArrayList<>();
        List<Account> free = new ArrayList<>();
        for (Account a : table) {
            synchronized (a) {
                if (a.removed) {
                    continue;
                }
                if (a.lease != null || a.acquiring) {
                    mine.add(a);
                } else if ((a.state == AccountState.NEW || a.state == AccountState.STOPPED) && !a.stoppedByUser
                    && !holders.map(m -> m.containsKey(a.id)).orElse(false)) {
                    free.add(a);
                }
            }
        }
        if (mine.size() < target) {
            Collections.shuffle(free);
            return Flux.fromIterable(free).take(target - mine.size())
                .flatMap(a -> manager.startAccount(a).onErrorResume(e -> {
                    if (!(e instanceof LeaseHeldException)) {
                        LOG.debug("instance {}: account {} not started: {}", options.instance(), a.id, e.toString());
                    }
                    return Mono.empty();
                }), START_CONCURRENCY)
                .then();
        }
        boolean someoneShort = live.stream()
            .anyMatch(h -> !h.equals(options.instance()) && heldBy.getOrDefault(h, 0) < target);
        if (mine.size() > target && someoneShort) {
            int give = (mine.size() - target + 1) / 2;
            List<Account> settled = new ArrayList<>();
            for (Account a : mine) {
                synchronized (a) {
                    if (a.state != AccountState.CONNECTING && a.state != AccountState.LOGGING_IN
                        && a.state != AccountState.WAKING && !a.acquiring) {
                        settled.add(a);
                    }
                }
            }
            Collections.shuffle(settled);
            String why = "released to rebalance: " + instances + " instances, fair share " + target;
            LOG.info("instance {}: holds {}, gives {} back ({})", options.instance(), mine.size(), give, why);
            return Flux.fromIterable(settled).take(give).flatMap(a -> manager.release(a, why)).then();
        }
        return Mono.empty();
    }
}
