/**
 * A {@link io.mtflux.core.store.SessionStore} and {@link io.mtflux.core.store.SessionLeases} on Redis through
 * Lettuce's reactive API, for many accounts shared by several service instances: start with
 * {@link io.mtflux.store.redis.RedisSessionStore#connect(String)} or
 * {@link io.mtflux.store.redis.RedisSessionStore#builder(String)}. Auth keys can be sealed at rest with an
 * {@link io.mtflux.core.store.codec.AuthKeyCipher}.
 */
package io.mtflux.store.redis;
