package io.mtflux.core.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Mono;

/** A {@link SessionStore} in a concurrent map: for tests, demos and short-lived processes. Lock-free. */
public final class InMemorySessionStore implements SessionStore {
    private final ConcurrentMap<String, SessionState> states = new ConcurrentHashMap<>();

    @Override
    public Mono<SessionState> load(String accountId) {
        return Mono.fromSupplier(() -> states.get(accountId));
    }

    @Override
    public Mono<SessionState> save(String accountId, SessionState state) {
        return Mono.fromCallable(() -> {
            SessionState next = state.withVersion(state.version() + 1);
            long[] conflictingVersion = {-1};
            states.compute(accountId, (id, stored) -> {
                long storedVersion = stored == null ? 0 : stored.version();
                if (storedVersion != state.version()) {
                    conflictingVersion[0] = storedVersion;
                    return stored;
                }
                return next;
            });
            if (conflictingVersion[0] >= 0) {
                throw new SessionConflictException(accountId, state.version(), conflictingVersion[0]);
            }
            return next;
        });
    }

    @Override
    public Mono<Void> delete(String accountId) {
        return Mono.fromRunnable(() -> states.remove(accountId));
    }
}
