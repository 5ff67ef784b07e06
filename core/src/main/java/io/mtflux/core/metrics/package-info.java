/**
 * What a client measures: {@link io.mtflux.core.metrics.ClientMetrics} is the recording interface (its
 * {@code NONE} costs nothing), {@link io.mtflux.core.metrics.MicrometerClientMetrics} writes to a Micrometer
 * {@code MeterRegistry} (an optional dependency: only needed when a registry is passed to the client's options).
 */
package io.mtflux.core.metrics;
