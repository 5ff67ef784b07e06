package io.mtflux.core.store;

import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Account leases for several service instances sharing one store: an optional capability a {@link SessionStore}
 * implements beside its four methods. {@link LeasedSessionStore} uses it to hold one account (acquire, renew in
 * the background, release on close, stop writing when the lease is lost).
 *
 * <p>The contract, checked by the session-store contract kit:
 * <ul>
 *   <li>{@link #acquire} succeeds only when the account has no current lease (none, released, or expired); it
 *   then hands out a fencing token strictly greater than every token handed out for that account before, also
 *   across expiry, release and {@link SessionStore#delete}. Otherwise it fails with {@link LeaseHeldException}.
 *   Leases are not re-entrant: a second acquire by the same holder fails too.</li>
 *   <li>{@link #renew} extends a current lease by its ttl; a lease that expired, was released or was taken over
 *   fails with {@link LeaseLostException} (it is never revived).</li>
 *   <li>{@link #save(SessionLease, SessionState)} is {@link SessionStore#save} guarded by the lease: it writes only
 *   while the lease is the account's current one, atomically with the version check; otherwise it fails with
 *   {@link LeaseLostException} and writes nothing. A version mismatch is still a {@link SessionConflictException}.
 *   </li>
 *   <li>{@link #release} ends a current lease at once; releasing a lost lease does nothing.</li>
 * </ul>
 * A store whose leases cannot expire while the holder lives (a file lock held by the process) says so in its
 * documentation; the lock then ends with {@link #release} or the death of the process.
 */
public interface SessionLeases {

    /**
     * Acquires the lease of {@code accountId} for {@code ttl}; {@code holder} names the owner in diagnostics.
     *
     * @param accountId the account
     * @param holder the owner's name, for diagnostics
     * @param ttl how long the lease lasts without a renewal
     * @return the lease; fails with {@link LeaseHeldException} when the account has a current lease
     */
    Mono<SessionLease> acquire(String accountId, String holder, Duration ttl);

    /**
     * Extends {@code lease} by its ttl; fails with {@link LeaseLostException} when it is no longer current.
     *
     * @param lease the current lease
     * @return the renewed lease
     */
    Mono<SessionLease> renew(SessionLease lease);

    /**
     * Ends {@code lease} when it is still current; completes normally otherwise.
     *
     * @param lease the lease
     * @return completes when the lease has ended
     */
    Mono<Void> release(SessionLease lease);

    /**
     * Saves like {@link SessionStore#save} when {@code lease} is the account's current lease, atomically with that
     * check (a fenced write).
     *
     * @param lease the writer's lease
     * @param state the state, at the version it was loaded at
     * @return the state as stored, with {@code version() == state.version() + 1}
     */
    Mono<SessionState> save(SessionLease lease, SessionState state);

    /**
     * The current leases (neither expired nor released, by the store's clock) of the accounts whose id starts with
     * {@code accountIdPrefix} ({@code ""}: all), as account id to holder: a snapshot for spreading accounts over
     * instances, not a guarantee (a lease may end or be taken right after). A store that cannot list its leases
     * fails with {@link AccountListingUnsupportedException} (the default).
     *
     * @param accountIdPrefix the prefix of the account ids to list, {@code ""} for all
     * @return account id to holder
     */
    default Mono<Map<String, String>> leaseHolders(String accountIdPrefix) {
        return Mono.error(new AccountListingUnsupportedException(getClass().getSimpleName(),
            "it does not list its leases"));
    }
}
