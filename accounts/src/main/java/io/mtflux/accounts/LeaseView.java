package io.mtflux.accounts;

import io.mtflux.core.store.LeasedSessionStore;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The store an account's client gets under a lease: every call goes to the {@link LeasedSessionStore} (so each
 * save is fenced), but it is not one, so closing the client (parking the account) does not release the lease. The
 * manager releases it when it stops the account.
 */
final class LeaseView implements SessionStore {
    private final LeasedSessionStore lease;

    LeaseView(LeasedSessionStore lease) {
        this.lease = lease;
    }

    @Override
    public Mono<SessionState> load(String accountId) {
        return lease.load(accountId);
    }

    @Override
    public Mono<SessionState> save(String accountId, SessionState state) {
        return lease.save(accountId, state);
    }

    @Override
    public Mono<Void> delete(String accountId) {
        return lease.delete(accountId);
    }

    @Override
    public Flux<String> accountIds() {
        return lease.accountIds();
    }
}
