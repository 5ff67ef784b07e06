/**
 * The session store SPI: {@link io.mtflux.core.store.SessionStore} (load, save with optimistic versions, delete),
 * the persistent {@link io.mtflux.core.store.SessionState} of one account with its per-DC
 * {@link io.mtflux.core.store.DcAuth}, DC options and update state, the optional
 * {@link io.mtflux.core.store.SessionLeases} capability with {@link io.mtflux.core.store.LeasedSessionStore}, the
 * typed store errors, and the two stores core ships ({@link io.mtflux.core.store.InMemorySessionStore},
 * {@link io.mtflux.core.store.StringSessionStore}).
 *
 * <p>mtflux's own serialized forms live in {@code io.mtflux.core.store.codec}; the importers of other libraries'
 * session strings in {@code io.mtflux.core.store.importers}.
 */
package io.mtflux.core.store;
