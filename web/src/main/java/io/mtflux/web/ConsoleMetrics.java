package io.mtflux.web;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The console's view of Micrometer: the filter that gives the RPC and login timers their histograms, and how the
 * console finds the Prometheus registry it serves on {@code /metrics}.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * registry.config().meterFilter(ConsoleMetrics.histograms());   // before any client is created
 * }</pre>
 */
public final class ConsoleMetrics {
    /** The timers {@link #histograms()} configures. */
    public static final Set<String> HISTOGRAM_TIMERS = Set.of("mtproto.rpc", "mtproto.login");

    private ConsoleMetrics() {
    }

    /**
     * A filter that makes the {@code mtproto.rpc} and {@code mtproto.login} timers publish percentile histograms
     * (Prometheus computes quantiles from their buckets with {@code histogram_quantile}; the dashboard too) and the
     * 0.5, 0.95 and 0.99 percentiles, for latencies from 1 ms to 60 s. Apply it to the registry before the clients
     * register their meters (a meter keeps the configuration it was registered with).
     *
     * @return the filter
     */
    public static MeterFilter histograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER || !HISTOGRAM_TIMERS.contains(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                    .percentilesHistogram(true)
                    .percentiles(0.5, 0.95, 0.99)
                    .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                    .maximumExpectedValue((double) Duration.ofSeconds(60).toNanos())
                    .build()
                    .merge(config);
            }
        };
    }

    /**
     * The Prometheus registry in a registry: itself, or the one a composite holds (a composite without one gets a
     * new one added).
     *
     * @param registry the registry the clients measure with
     * @return its Prometheus registry
     * @throws IllegalArgumentException when it is neither a Prometheus registry nor a composite
     */
    static PrometheusMeterRegistry prometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry p) {
            return p;
        }
        if (registry instanceof CompositeMeterRegistry composite) {
            Optional<PrometheusMeterRegistry> held = find(composite);
            if (held.isPresent()) {
                return held.get();
            }
            PrometheusMeterRegistry added = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            composite.add(added);
            return added;
        }
        throw new IllegalArgumentException("the console serves /metrics from a Micrometer PrometheusMeterRegistry "
            + "(or a CompositeMeterRegistry, to which it adds one), but the accounts measure with a "
            + registry.getClass().getName() + ": give ConsoleOptions.meterRegistry(...) or the accounts one of those");
    }

    private static Optional<PrometheusMeterRegistry> find(CompositeMeterRegistry composite) {
        for (MeterRegistry r : composite.getRegistries()) {
            if (r instanceof PrometheusMeterRegistry p) {
                return Optional.of(p);
            }
            if (r instanceof CompositeMeterRegistry c) {
                Optional<PrometheusMeterRegistry> inner = find(c);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }
}
