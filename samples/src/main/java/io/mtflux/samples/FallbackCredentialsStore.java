package io.mtflux.samples;

import io.mtflux.core.store.SessionLease;
import io.mtflux.core.store.SessionLeases;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A store with leases whose loaded sessions carry API credentials: a session that saved its own comes back as it
 * is, one that saved none (e.g. imported from another library's string) gets the given ones. A client that takes
 * its credentials from the session (the accounts CLI's template has none) thus runs each account with its own and
 * falls back to {@code --api-id}/{@code --api-hash}; the next save keeps them in the session, as a login would.
 * Everything else goes to the store as it is. {@code toString()} never shows the api_hash.
 */
final class FallbackCredentialsStore implements SessionStore, SessionLeases {
    private final SessionStore store;
    private final SessionLeases leases;
    private final int apiId;
    private final String apiHash;

    /**
     * Over {@code store}, which must have leases.
     *
     * @throws IllegalArgumentException for a store without {@link SessionLeases}, or bad credentials
     */
    FallbackCredentialsStore(SessionStore store, int apiId, String apiHash) {
        this.store = Objects.requireNonNull(store, "store");
        if (!(store instanceof SessionLeases l)) {
            throw new IllegalArgumentException(store.getClass().getSimpleName() + " has no leases");
        }
        if (apiId <= 0 || apiHash == null || apiHash.isEmpty()) {
            throw new IllegalArgumentException("API credentials need a positive api_id and a non-empty api_hash");
        }
        this.leases = l;
        this.apiId = apiId;
        this.apiHash = apiHash;
    }

    @Override
    public Mono<SessionState> load(String accountId) {
        return store.load(accountId).map(s -> s.hasApiCredentials() ? s : s.withApiCredentials(apiId, apiHash));
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
        return leases.renew(lease);
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
        return "FallbackCredentialsStore{" + store + ", apiId=" + apiId + ", apiHash=<redacted>}";
    }
}
