/**
 * What an {@link io.mtflux.core.client.MtprotoClient} tells its listeners through {@code client.events()}: one
 * sealed {@link io.mtflux.core.event.ClientEvent} type with a record per kind (today
 * {@link io.mtflux.core.event.SessionRevoked} and {@link io.mtflux.core.event.ConnectionStateChanged}; flood waits
 * are meant to join them).
 */
package io.mtflux.core.event;
