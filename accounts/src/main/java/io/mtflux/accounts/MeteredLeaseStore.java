package io.mtflux.accounts;

import io.mtflux.core.store.LeaseLostException;
import io.mtflux.core.store.SessionLease;
import io.mtflux.core.store.SessionLeases;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The manager's store with leases as seen by its {@code LeasedSessionStore}s: every call goes to the store as is;
 * renewals are also timed for {@link AccountMetrics#leaseRenewed}.
 */
final class MeteredLeaseStore implements SessionStore, SessionLeases {
    private final SessionStore store;
    private final SessionLeases leases;
    private final AccountMetrics metrics;

    MeteredLeaseStore(SessionStore store, AccountMetrics metrics) {
        this.store = store;
        this.leases = (SessionLeases) store;
        this.metrics = metrics;
    }

    @Override
    public Mono<SessionState> load(String accountId) {
        return store.load(accountId);
    }

    @Override
    public Mono<SessionState> save(String accountId, SessionState state) {
        return store.save(accountId, state);
    }

    @Override
    public Mono<Void> delete(String accountId) {
        return store.delete(accountId);
    }

    @Override
    public Flux<String> accountIds() {
        return store.accountIds();
    }

    @Override
    public Mono<SessionLease> acquire(String accountId, String holder, Duration ttl) {
        return leases.acquire(accountId, holder, ttl);
    }

    @Override
    public Mono<SessionLease> renew(SessionLease lease) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return leases.renew(lease)
                .doOnNext(l -> metrics.leaseRenewed(System.nanoTime() - start, "ok"))
                .doOnError(e -> metrics.leaseRenewed(System.nanoTime() - start,
                    e instanceof LeaseLostException ? "lost" : "error"));
        });
    }

    @Override
    public Mono<Void> release(SessionLease lease) {
        return leases.release(lease);
    }

    @Override
    public Mono<SessionState> save(SessionLease lease, SessionState state) {
        return leases.save(lease, state);
    }

    @Override
    public Mono<Map<String, String>> leaseHolders(String accountIdPrefix) {
        return leases.leaseHolders(accountIdPrefix);
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
