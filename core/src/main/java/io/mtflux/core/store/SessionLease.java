package io.mtflux.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A lease on one account, handed out by {@link SessionLeases#acquire}: while it is current, its holder is the only
 * writer of the account. The fencing token is strictly greater than the token of every earlier lease of the same
 * account, so a store can reject a write that carries an older one.
 *
 * @param accountId the leased account
 * @param holder who holds it (diagnostics only: an instance name, a host and pid)
 * @param fencingToken the token to present with every write, &gt; 0
 * @param ttl how long the lease lasts without a renewal
 * @param expiresAt when it expires unless renewed, by the store's clock (informational: holders should count
 *     {@code ttl} from the moment they sent the acquire or renew, on their own monotonic clock)
 */
public record SessionLease(String accountId, String holder, long fencingToken, Duration ttl, Instant expiresAt) {
    /**
     * Checks the values.
     *
     * @param accountId the leased account
     * @param holder who holds it
     * @param fencingToken the token, &gt; 0
     * @param ttl how long the lease lasts, &gt; 0
     * @param expiresAt when it expires unless renewed
     * @throws IllegalArgumentException if the token or the ttl is not positive
     */
    public SessionLease {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (fencingToken <= 0) {
            throw new IllegalArgumentException("fencingToken must be > 0");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be > 0");
        }
    }

    /**
     * The same lease with a new expiry (after a renewal).
     *
     * @param newExpiry the new expiry, by the store's clock
     * @return the renewed lease
     */
    public SessionLease renewedUntil(Instant newExpiry) {
        return new SessionLease(accountId, holder, fencingToken, ttl, newExpiry);
    }
}
