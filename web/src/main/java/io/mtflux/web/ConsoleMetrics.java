package io.mtflux.web;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The console's view of Micrometer: the filters that give the RPC and login timers their histograms and every
 * {@code mtproto.*} meter a help text, and how the console finds the Prometheus registry it serves on
 * {@code /metrics}.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = ConsoleMetrics.configure(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
 * // before any client or account manager registers a meter
 * }</pre>
 */
public final class ConsoleMetrics {
    /** The timers {@link #histograms()} configures. */
    public static final Set<String> HISTOGRAM_TIMERS = Set.of("mtproto.rpc", "mtproto.login");

    /** The help texts {@link #descriptions()} gives the meters of the clients, the accounts and the logins. */
    static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
        Map.entry("mtproto.rpc", "RPC calls by method and outcome"),
        Map.entry("mtproto.rpc.errors", "RPC errors by error name"),
        Map.entry("mtproto.flood.wait", "FLOOD_WAIT answers by method, the seconds to wait"),
        Map.entry("mtproto.reconnects", "connections lost and reconnected, by DC"),
        Map.entry("mtproto.key.exchange", "auth key exchanges by DC and outcome"),
        Map.entry("mtproto.temp.key.exchange", "temporary key exchanges by DC and outcome"),
        Map.entry("mtproto.temp.key.bindings", "temporary key bindings by DC and outcome"),
        Map.entry("mtproto.migrations", "DC migrations by kind and DC"),
        Map.entry("mtproto.bytes.in", "bytes received from the DCs"),
        Map.entry("mtproto.bytes.out", "bytes sent to the DCs"),
        Map.entry("mtproto.connections.open", "open connections to the DCs"),
        Map.entry("mtproto.login", "logins by kind and outcome"),
        Map.entry("mtproto.login.migrations", "DC migrations during logins"),
        Map.entry("mtproto.login.flood.waits", "FLOOD_WAIT answers during logins, the seconds to wait"),
        Map.entry("mtproto.login.funnel", "login steps reached, by stage and kind"),
        Map.entry("mtproto.login.failures", "failed login steps by error name"),
        Map.entry("mtproto.accounts", "accounts by state"),
        Map.entry("mtproto.accounts.hot", "accounts with a running client"),
        Map.entry("mtproto.accounts.parked", "parked accounts"),
        Map.entry("mtproto.accounts.parks", "accounts parked, by reason"),
        Map.entry("mtproto.accounts.wake", "account wakes by trigger and outcome"),
        Map.entry("mtproto.accounts.transitions", "account state changes"),
        Map.entry("mtproto.accounts.leases", "account leases held here"),
        Map.entry("mtproto.accounts.leases.acquired", "account leases acquired"),
        Map.entry("mtproto.accounts.leases.lost", "account leases lost"),
        Map.entry("mtproto.accounts.leases.renew", "lease renewals by outcome"),
        Map.entry("mtproto.accounts.logins", "account logins by outcome"));

    private ConsoleMetrics() {
    }

    /**
     * Configures a registry for the console: {@link #descriptions()} and {@link #histograms()}. Call it before the
     * clients and the account manager register their meters.
     *
     * @param registry the registry the clients and the accounts will measure with
     * @param <R> its type
     * @return the registry
     */
    public static <R extends MeterRegistry> R configure(R registry) {
        registry.config().meterFilter(descriptions()).meterFilter(histograms());
        return registry;
    }

    /**
     * A filter that gives the {@code mtproto.*} meters without a description their help text (Prometheus's
     * {@code # HELP}; {@code promtool check metrics} wants one for every metric).
     *
     * @return the filter
     */
    public static MeterFilter descriptions() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getDescription() != null || !id.getName().startsWith("mtproto.")) {
                    return id;
                }
                String help = DESCRIPTIONS.getOrDefault(id.getName(), id.getName().replace('.', ' '));
                return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), help,
                    id.getType());
            }
        };
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
