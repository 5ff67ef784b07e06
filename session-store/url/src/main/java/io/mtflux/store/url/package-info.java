/**
 * Opens a {@link io.mtflux.core.store.SessionStore} from one value, a path or a URL: start with
 * {@link io.mtflux.store.url.SessionStores#open(java.lang.String)}. Secrets (a file passphrase, the key that seals
 * auth keys in a database or Redis) come apart from the value, in {@link io.mtflux.store.url.StoreSecrets}; a URL's
 * password is never part of a message or of {@code toString()}.
 */
package io.mtflux.store.url;
