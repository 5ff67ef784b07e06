package io.mtflux.core.store;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Persists the state of accounts ({@link SessionState}): home DC, per-DC auth keys and salts, user, DC options,
 * update state. Reactive all the way, so a database or Redis can implement it without blocking; file stores run
 * their I/O on {@code Schedulers.boundedElastic()}.
 *
 * <p>Writes are optimistic: {@link #save} succeeds only when the stored version equals the version of the state
 * being saved (0 for an account not stored yet), and stores it with the version incremented; otherwise it fails
 * with {@link SessionConflictException} and leaves the stored state alone. A crash mid-write leaves the old or
 * the new state, never a mix. Keys are secrets: implementations never log them or put them in messages.
 *
 * <p>Stores shared by several service instances also implement {@link SessionLeases} (account leases with
 * fencing tokens); {@link LeasedSessionStore} holds one account through them. Typed errors are
 * {@link SessionStoreException}s; unreadable stored data is a {@link CorruptSessionException}, left as it is.
 */
public interface SessionStore {

    /**
     * The stored state of {@code accountId}; empty when the account is not stored.
     *
     * @param accountId the account
     * @return the state, or empty
     */
    Mono<SessionState> load(String accountId);

    /**
     * Stores {@code state} if the stored version still equals {@code state.version()}.
     *
     * @param accountId the account
     * @param state the state, at the version it was loaded at
     * @return the state as stored, with {@code version() == state.version() + 1}
     */
    Mono<SessionState> save(String accountId, SessionState state);

    /**
     * Removes everything stored for {@code accountId}; completes normally when there was nothing.
     *
     * @param accountId the account
     * @return completes when it is removed
     */
    Mono<Void> delete(String accountId);

    /**
     * The ids of the accounts stored now (each once, in no particular order): an account is listed from its first
     * {@link #save} until its {@link #delete}. Leases alone do not make an account. Accounts saved or deleted while
     * the listing runs may or may not be in it. A store that cannot list fails with
     * {@link AccountListingUnsupportedException} (the default).
     *
     * @return the account ids
     */
    default Flux<String> accountIds() {
        return Flux.error(new AccountListingUnsupportedException(getClass().getSimpleName(),
            "it does not implement accountIds()"));
    }
}
