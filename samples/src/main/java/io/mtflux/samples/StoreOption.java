package io.mtflux.samples;

import io.mtflux.store.url.OpenedSessionStore;
import io.mtflux.store.url.SessionStoreOpenException;
import io.mtflux.store.url.SessionStoreUrlException;
import io.mtflux.store.url.SessionStores;
import io.mtflux.store.url.StoreSecrets;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * A session store named by one command-line value: the login CLI's {@code --session}, the accounts and console
 * CLIs' {@code --store}. The forms and their opening are {@code mtflux-session-store-url}'s ({@link SessionStores});
 * this adds the flag to the messages, the secrets from the environment ({@code MTFLUX_SESSION_PASSPHRASE},
 * {@code MTFLUX_SESSION_KEY}) and the CLIs' exit codes: {@link UsageException} for a bad value,
 * {@link StoreOpenException} for a store that cannot be reached.
 */
final class StoreOption {
    private static final Duration OPEN = Duration.ofSeconds(30);

    private StoreOption() {
    }

    /**
     * The store of {@code value}, the value of {@code flag}.
     *
     * @throws UsageException for a value of no form, or a malformed one
     * @throws StoreOpenException when the store cannot be reached
     */
    static OpenedSessionStore open(String value, String flag, Map<String, String> env) {
        return opened(value, flag, () -> SessionStores.open(value, secrets(env)));
    }

    /**
     * A store of many accounts that several processes can share: a directory, a database or Redis.
     *
     * @throws UsageException for a value of another form ({@code string:}, an unknown scheme)
     * @throws StoreOpenException for a path that is not an existing directory, or a store that cannot be reached
     */
    static OpenedSessionStore openShared(String value, String flag, Map<String, String> env) {
        return opened(value, flag, () -> SessionStores.openShared(value, secrets(env)));
    }

    private static StoreSecrets secrets(Map<String, String> env) {
        try {
            return StoreSecrets.fromEnvironment(env);
        } catch (SessionStoreUrlException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static OpenedSessionStore opened(String value, String flag,
                                             java.util.function.Supplier<Mono<OpenedSessionStore>> open) {
        Mono<OpenedSessionStore> opening;
        try {
            opening = open.get();
        } catch (UsageException e) {
            throw e;
        } catch (SessionStoreUrlException e) {
            throw new UsageException(flag + " " + e.getMessage());
        }
        try {
            return opening.block(OPEN);
        } catch (SessionStoreOpenException e) {
            throw new StoreOpenException(flag + " " + e.getMessage());
        } catch (RuntimeException e) {
            throw new StoreOpenException(flag + " " + SessionStores.redacted(value) + ": " + e.getMessage());
        }
    }
}
