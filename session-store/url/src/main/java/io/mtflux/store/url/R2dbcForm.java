package io.mtflux.store.url;

import io.mtflux.store.r2dbc.R2dbcSessionStore;
import reactor.core.publisher.Mono;

/** The {@code r2dbc:} form; loaded only when {@code mtflux-session-store-r2dbc} is present. */
final class R2dbcForm {
    private R2dbcForm() {
    }

    static Mono<OpenedSessionStore> open(String url, String shown, StoreSecrets secrets) {
        return Mono.defer(() -> R2dbcSessionStore.connect(url, secrets.cipher().orElse(null)))
            .onErrorMap(e -> !(e instanceof SessionStoreOpenException),
                e -> new SessionStoreOpenException(shown + ": " + SessionStores.scrubbed(e.getMessage(), url)))
            .map(store -> new OpenedSessionStore(store, StoreForm.DATABASE, shown, store::close));
    }
}
