/**
 * A {@link io.mtflux.core.store.SessionStore} and {@link io.mtflux.core.store.SessionLeases} on PostgreSQL or H2
 * through R2DBC, for many accounts shared by several service instances: start with
 * {@link io.mtflux.store.r2dbc.R2dbcSessionStore#connect(String)} or
 * {@link io.mtflux.store.r2dbc.R2dbcSessionStore#builder}. Auth keys can be sealed at rest with an
 * {@link io.mtflux.core.store.codec.AuthKeyCipher}.
 */
package io.mtflux.store.r2dbc;
