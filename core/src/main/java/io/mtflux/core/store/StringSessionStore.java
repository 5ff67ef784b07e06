package io.mtflux.core.store;

import io.mtflux.core.store.codec.StringSession;
import io.mtflux.core.store.importers.ForeignSessions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link SessionStore} that keeps each account as a {@link StringSession} string in memory: start a client
 * from a string with {@link #of(String, String)} and read the string back with {@link #string(String)} after
 * login or at any time (every save replaces it). For a bot or script that keeps its session in an environment
 * variable or a secret manager rather than a file.
 */
public final class StringSessionStore implements SessionStore {
    private final ConcurrentMap<String, Stored> strings = new ConcurrentHashMap<>();

    private record Stored(long version, String text) {
    }

    /**
     * A store holding {@code accountId} loaded from {@code session} (mtflux's or an importable foreign string).
     *
     * @param accountId the account
     * @param session a session string
     * @return the store
     * @throws SessionFormatException when the string does not parse
     */
    public static StringSessionStore of(String accountId, String session) {
        StringSessionStore store = new StringSessionStore();
        store.put(accountId, session);
        return store;
    }

    /**
     * Stores {@code session} for {@code accountId} (replacing what was there) after checking that it parses:
     * mtflux's {@code mtf1.} strings and the strings {@link ForeignSessions#detect} reads.
     *
     * @param accountId the account
     * @param session a session string
     * @return this store
     * @throws SessionFormatException when it does not parse
     */
    public StringSessionStore put(String accountId, String session) {
        Objects.requireNonNull(accountId, "accountId");
        SessionState state = ForeignSessions.detect(session).state();
        strings.put(accountId, new Stored(0, StringSession.encode(state)));
        return this;
    }

    /**
     * Stores {@code text} for {@code accountId} as is, at {@code version}, without parsing it: for recovery tools
     * and for tests of what a damaged string does.
     *
     * @param accountId the account
     * @param version the version to store it at
     * @param text any text
     */
    public void putRaw(String accountId, long version, String text) {
        strings.put(accountId, new Stored(version, Objects.requireNonNull(text, "text")));
    }

    /**
     * The current string of {@code accountId} (an {@code mtf1.} string), if stored.
     *
     * @param accountId the account
     * @return the string, or empty
     */
    public Optional<String> string(String accountId) {
        return Optional.ofNullable(strings.get(accountId)).map(Stored::text);
    }

    @Override
    public Mono<SessionState> load(String accountId) {
        return Mono.fromSupplier(() -> {
            Stored s = strings.get(accountId);
            if (s == null) {
                return null;
            }
            try {
                return StringSession.decode(s.text()).withVersion(s.version());
            } catch (SessionFormatException e) {
                throw new CorruptSessionException(accountId, e.getMessage(), e);
            }
        });
    }

    @Override
    public Mono<SessionState> save(String accountId, SessionState state) {
        return Mono.fromCallable(() -> {
            SessionState next = state.withVersion(state.version() + 1);
            String text = StringSession.encode(state);
            long[] conflict = {-1};
            strings.compute(accountId, (id, stored) -> {
                long storedVersion = stored == null ? 0 : stored.version();
                if (storedVersion != state.version()) {
                    conflict[0] = storedVersion;
                    return stored;
                }
                return new Stored(next.version(), text);
            });
            if (conflict[0] >= 0) {
                throw new SessionConflictException(accountId, state.version(), conflict[0]);
            }
            return next;
        });
    }

    @Override
    public Mono<Void> delete(String accountId) {
        return Mono.fromRunnable(() -> strings.remove(accountId));
    }

    /** Every account holding a string (also one {@link #put} and never saved). */
    @Override
    public Flux<String> accountIds() {
        return Flux.defer(() -> Flux.fromIterable(List.copyOf(strings.keySet())));
    }

    @Override
    public String toString() {
        return "StringSessionStore{accounts=" + strings.size() + "}";
    }
}
