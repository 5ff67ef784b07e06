package io.mtflux.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link ClientMetrics} on a Micrometer registry. Meters: {@code mtproto.rpc} (timer; tags {@code method},
 * {@code outcome}), {@code mtproto.rpc.errors} (counter; {@code error}), {@code mtproto.flood.wait} (summary of
 * seconds; {@code method}), {@code mtproto.key.exchange} (timer; {@code dc}, {@code outcome}),
 * {@code mtproto.temp.key.exchange} (timer; {@code dc}, {@code outcome}), {@code mtproto.temp.key.bindings}
 * (counter; {@code dc}, {@code outcome}: {@code ok} or the error),
 * {@code mtproto.migrations} (counter; {@code kind}, {@code dc}), {@code mtproto.reconnects} (counter;
 * {@code dc}), {@code mtproto.transport.floods} (counter of {@code -429}; {@code dc}),
 * {@code mtproto.keepalive.timeouts} (counter of connections dropped for a missing pong; {@code dc}),
 * {@code mtproto.connections.open} (gauge),
 * {@code mtproto.bytes.in} and {@code mtproto.bytes.out} (counters). Every client on one registry adds to the same
 * meters: the gauge counts the open connections of all of them.
 */
public final class MicrometerClientMetrics implements ClientMetrics {
    /** One count of open connections per registry, shared by its clients (a gauge is registered only once). */
    private static final Map<MeterRegistry, AtomicInteger> OPEN = new WeakHashMap<>();
    private final MeterRegistry registry;
    private final AtomicInteger open;
    private final Counter bytesIn;
    private final Counter bytesOut;

    /**
     * Registers the gauge and the byte counters; the other meters are registered when first used.
     *
     * @param registry where the meters go
     */
    public MicrometerClientMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.open = openConnections(registry);
        this.bytesIn = Counter.builder("mtproto.bytes.in").baseUnit("bytes").register(registry);
        this.bytesOut = Counter.builder("mtproto.bytes.out").baseUnit("bytes").register(registry);
    }

    private static AtomicInteger openConnections(MeterRegistry registry) {
        synchronized (OPEN) {
            return OPEN.computeIfAbsent(registry, r -> {
                AtomicInteger count = new AtomicInteger();
                Gauge.builder("mtproto.connections.open", count, AtomicInteger::get).strongReference(true)
                    .description("open MTProto connections of the clients on this registry").register(r);
                return count;
            });
        }
    }

    @Override
    public void rpc(String method, String outcome, Duration latency) {
        Timer.builder("mtproto.rpc").tag("method", method).tag("outcome", outcome).register(registry)
            .record(latency);
        if (!"ok".equals(outcome)) {
            Counter.builder("mtproto.rpc.errors").tag("error", outcome).register(registry).increment();
        }
    }

    @Override
    public void floodWait(String method, long seconds) {
        DistributionSummary.builder("mtproto.flood.wait").baseUnit("seconds").tag("method", method)
            .register(registry).record(seconds);
    }

    @Override
    public void keyExchange(int dcId, boolean success, Duration duration) {
        Timer.builder("mtproto.key.exchange").tag("dc", Integer.toString(dcId))
            .tag("outcome", success ? "ok" : "failed").register(registry).record(duration);
    }

    @Override
    public void temporaryKeyExchange(int dcId, boolean success, Duration duration) {
        Timer.builder("mtproto.temp.key.exchange").tag("dc", Integer.toString(dcId))
            .tag("outcome", success ? "ok" : "failed").register(registry).record(duration);
    }

    @Override
    public void temporaryKeyBinding(int dcId, String outcome) {
        Counter.builder("mtproto.temp.key.bindings").tag("dc", Integer.toString(dcId)).tag("outcome", outcome)
            .register(registry).increment();
    }

    @Override
    public void migration(String kind, int dcId) {
        Counter.builder("mtproto.migrations").tag("kind", kind).tag("dc", Integer.toString(dcId)).register(registry)
            .increment();
    }

    @Override
    public void reconnect(int dcId) {
        Counter.builder("mtproto.reconnects").tag("dc", Integer.toString(dcId)).register(registry).increment();
    }

    @Override
    public void transportFlood(int dcId) {
        Counter.builder("mtproto.transport.floods").tag("dc", Integer.toString(dcId)).register(registry).increment();
    }

    @Override
    public void keepaliveTimeout(int dcId) {
        Counter.builder("mtproto.keepalive.timeouts").tag("dc", Integer.toString(dcId)).register(registry)
            .increment();
    }

    @Override
    public void connections(int delta) {
        open.addAndGet(delta);
    }

    @Override
    public void bytesIn(long bytes) {
        bytesIn.increment(bytes);
    }

    @Override
    public void bytesOut(long bytes) {
        bytesOut.increment(bytes);
    }
}
