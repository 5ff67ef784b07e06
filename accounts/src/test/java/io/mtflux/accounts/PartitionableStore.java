package io.mtflux.accounts;

import io.mtflux.core.store.SessionLease;
import io.mtflux.core.store.SessionLeases;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.store.SessionStoreException;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One instance's connection to the shared store, which a test can cut ({@link #cut()}): from then on every call
 * fails, as for an instance that crashed or lost the network. Its leases are neither renewed nor released, so
 * they expire in the store.
 */
final class PartitionableStore implements SessionStore, SessionLeases {
    private final SessionStore store;
    private final SessionLeases leases;
    private volatile boolean cut;

    PartitionableStore(SessionStore store) {
        this.store = store;
        this.leases = (SessionLeases) store;
    }

    void cut() {
        cut = true;
    }

    private <T> Mono<T> guard(Mono<T> call) {
        return Mono.defer(() -> cut ? Mono.error(new SessionStoreException(null, "partitioned by the test")) : call);
    }

    @Override
    public Mono<SessionState> load(String accountId) {
        return guard(store.load(accountId));
    }

    @Override
    public Mono<SessionState> save(String accountId, SessionState state) {
        return guard(store.save(accountId, state));
    }

    @Override
    public Mono<Void> delete(String accountId) {
        return guard(store.delete(accountId));
    }

    @Override
    public Flux<String> accountIds() {
        return Flux.defer(() -> cut ? Flux.error(new SessionStoreException(null, "partitioned by the test"))
            : store.accountIds());
    }

    @Override
    public Mono<SessionLease> acquire(String accountId, String holder, Duration ttl) {
        return guard(leases.acquire(accountId, holder, ttl));
    }

    @Override
    public Mono<SessionLease> renew(SessionLease lease) {
        return guard(leases.renew(lease));
    }

    @Override
    public Mono<Void> release(SessionLease lease) {
        return guard(leases.release(lease));
    }

    @Override
    public Mono<SessionState> save(SessionLease lease, SessionState state) {
        return guard(leases.save(lease, state));
    }

    @Override
    public Mono<Map<String, String>> leaseHolders(String accountIdPrefix) {
        return guard(leases.leaseHolders(accountIdPrefix));
    }
}
