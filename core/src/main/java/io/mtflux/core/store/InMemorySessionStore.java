package io.mtflux.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link SessionStore} in a concurrent map: for tests, demos and short-lived processes. Lock-free. Its
 * {@link SessionLeases} coordinate clients of one process (lease expiry on {@link System#nanoTime()}).
 */
public final class InMemorySessionStore implements SessionStore, SessionLeases {
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * One account: its state (null after a delete) and its lease bookkeeping, replaced as a whole.
     *
     * @param state the stored state or null
     * @param lastToken the last fencing token handed out (0: none)
     * @param holder the holder of the current lease, null when there is none
     * @param leaseDeadline System.nanoTime() after which the current lease is expired
     */
    private record Entry(SessionState state, long lastToken, String holder, long leaseDeadline) {
        boolean leased(long now) {
            return holder != null && now - leaseDeadline < 0;
        }

        boolean current(SessionLease lease, long now) {
            return leased(now) && lastToken == lease.fencingToken();
        }

        boolean empty() {
            return state == null && lastToken == 0;
        }
    }

    @Override
    public Mono<SessionState> load(String accountId) {
        return Mono.fromSupplier(() -> {
            Entry e = entries.get(accountId);
            return e == null ? null : e.state();
        });
    }

    @Override
    public Mono<SessionState> save(String accountId, SessionState state) {
        return Mono.fromCallable(() -> write(accountId, state, null));
    }

    @Override
    public Mono<SessionState> save(SessionLease lease, SessionState state) {
        return Mono.fromCallable(() -> write(lease.accountId(), state, lease));
    }

    private SessionState write(String accountId, SessionState state, SessionLease lease) {
        Objects.requireNonNull(state, "state");
        SessionState next = state.withVersion(state.version() + 1);
        RuntimeException[] failure = {null};
        entries.compute(accountId, (id, stored) -> {
            Entry e = stored == null ? new Entry(null, 0, null, 0) : stored;
            if (lease != null && !e.current(lease, System.nanoTime())) {
                failure[0] = new LeaseLostException(accountId, lease.fencingToken(),
                    e.lastToken != lease.fencingToken() ? "a newer lease exists" : "expired or released");
                return stored;
            }
            long storedVersion = e.state() == null ? 0 : e.state().version();
            if (storedVersion != state.version()) {
                failure[0] = new SessionConflictException(accountId, state.version(), storedVersion);
                return stored;
            }
            return new Entry(next, e.lastToken(), e.holder(), e.leaseDeadline());
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return next;
    }

    @Override
    public Mono<Void> delete(String accountId) {
        return Mono.fromRunnable(() -> entries.computeIfPresent(accountId, (id, e) -> {
            Entry kept = new Entry(null, e.lastToken(), e.holder(), e.leaseDeadline());
            return kept.empty() ? null : kept;
        }));
    }

    @Override
    public Flux<String> accountIds() {
        return Flux.defer(() -> Flux.fromStream(entries.entrySet().stream()
            .filter(e -> e.getValue().state() != null)
            .map(Map.Entry::getKey)
            .toList()
            .stream()));
    }

    @Override
    public Mono<SessionLease> acquire(String accountId, String holder, Duration ttl) {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(ttl, "ttl");
        return Mono.fromCallable(() -> {
            long now = System.nanoTime();
            String[] heldBy = {null};
            Entry after = entries.compute(accountId, (id, stored) -> {
                Entry e = stored == null ? new Entry(null, 0, null, 0) : stored;
                if (e.leased(now)) {
                    heldBy[0] = e.holder();
                    return stored;
                }
                return new Entry(e.state(), e.lastToken() + 1, holder, now + ttl.toNanos());
            });
            if (heldBy[0] != null) {
                throw new LeaseHeldException(accountId, heldBy[0]);
            }
            return new SessionLease(accountId, holder, after.lastToken(), ttl, Instant.now().plus(ttl));
        });
    }

    @Override
    public Mono<Map<String, String>> leaseHolders(String accountIdPrefix) {
        Objects.requireNonNull(accountIdPrefix, "accountIdPrefix");
        return Mono.fromSupplier(() -> {
            long now = System.nanoTime();
            Map<String, String> held = new HashMap<>();
            entries.forEach((id, e) -> {
                if (id.startsWith(accountIdPrefix) && e.leased(now)) {
                    held.put(id, e.holder());
                }
            });
            return held;
        });
    }

    @Override
    public Mono<SessionLease> renew(SessionLease lease) {
        return Mono.fromCallable(() -> {
            long now = System.nanoTime();
            boolean[] renewed = {false};
            entries.computeIfPresent(lease.accountId(), (id, e) -> {
                if (!e.current(lease, now)) {
                    return e;
                }
                renewed[0] = true;
                return new Entry(e.state(), e.lastToken(), e.holder(), now + lease.ttl().toNanos());
            });
            if (!renewed[0]) {
                throw new LeaseLostException(lease.accountId(), lease.fencingToken(), "expired, released or taken");
            }
            return lease.renewedUntil(Instant.now().plus(lease.ttl()));
        });
    }

    @Override
    public Mono<Void> release(SessionLease lease) {
        return Mono.fromRunnable(() -> entries.computeIfPresent(lease.accountId(), (id, e) ->
            e.lastToken() == lease.fencingToken() && e.holder() != null
                ? new Entry(e.state(), e.lastToken(), null, 0) : e));
    }
}
