package io.mtflux.store.url;

import io.mtflux.store.redis.RedisSessionStore;
import reactor.core.publisher.Mono;

/** The {@code redis://} form; loaded only when {@code mtflux-session-store-redis} is present. */
final class RedisForm {
    private RedisForm() {
    }

    static Mono<OpenedSessionStore> open(String url, String shown, StoreSecrets secrets) {
        return Mono.defer(() -> RedisSessionStore.builder(url).cipher(secrets.cipher().orElse(null)).connect())
            .onErrorMap(e -> !(e instanceof SessionStoreOpenException),
                e -> new SessionStoreOpenException(shown + ": " + SessionStores.scrubbed(e.getMessage(), url)))
            .map(store -> new OpenedSessionStore(store, StoreForm.REDIS, shown, store::close));
    }
}
