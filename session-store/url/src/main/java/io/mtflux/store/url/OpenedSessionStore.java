package io.mtflux.store.url;

import io.mtflux.core.store.SessionStore;
import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A store opened by {@link SessionStores}, with what closes it.
 *
 * @param store the opened store
 * @param form which form the value had
 * @param shown the value as it may be printed: a URL without its user name and password
 * @param closer closes what opening made (a connection pool, a Redis client); nothing for the other forms
 */
public record OpenedSessionStore(SessionStore store, StoreForm form, String shown, Supplier<Mono<Void>> closer) {
    /**
     * Checks the parts.
     *
     * @param store the opened store
     * @param form which form the value had
     * @param shown the value as it may be printed
     * @param closer closes what opening made
     */
    public OpenedSessionStore {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(shown, "shown");
        Objects.requireNonNull(closer, "closer");
    }

    /** {@return a Mono that closes what opening made; it never fails (a failure to close is dropped)} */
    public Mono<Void> close() {
        return Mono.defer(closer).onErrorResume(e -> Mono.empty());
    }

    @Override
    public String toString() {
        return "OpenedSessionStore{" + form + " " + shown + "}";
    }
}
