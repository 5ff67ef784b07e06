/**
 * What an {@link io.mtflux.core.client.MtprotoClient} tells its listeners through {@code client.events()}: one
 * sealed {@link io.mtflux.core.event.ClientEvent} type with a record per kind (today
 * {@link io.mtflux.core.event.SessionRevoked}; connection states and flood waits are meant to join it).
 */
package io.mtflux.core.event;
