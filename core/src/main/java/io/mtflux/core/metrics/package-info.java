/**
 * What a client measures: {@link io.mtflux.core.metrics.ClientMetrics} is the recording interface (its
 * {@code NONE} costs nothing), {@link io.mtflux.core.metrics.MicrometerClientMetrics} writes to a Micrometer
 * {@code MeterRegistry} (an optional dependency: only needed when a registry is passed to the client's options),
 * {@link io.mtflux.core.metrics.Observed} makes Micrometer observations of calls (with an
 * {@code ObservationRegistry} in the client's resources; {@code micrometer-observation}, optional too).
 */
package io.mtflux.core.metrics;
