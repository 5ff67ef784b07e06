package io.mtflux.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One sample of the dashboard per call, from the Micrometer registry: rates since the previous sample, latency
 * quantiles of the RPCs over the last {@link #WINDOW} samples (from the merged histogram buckets of every
 * {@code mtproto.rpc} timer, as Prometheus's {@code histogram_quantile} does), and the totals of the login funnel and
 * the accounts by state. Meters that do not exist (yet) count as 0. Not thread-safe: one timer drives it.
 */
final class DashboardSampler {
    /** How many samples the latency quantiles span. */
    static final int WINDOW = 10;
    /** The login funnel's stages, in order. */
    static final String[] FUNNEL = {"code_sent", "signed_in", "password", "authorized"};

    private final MeterRegistry registry;
    private final Deque<Latency> latencies = new ArrayDeque<>();
    private Totals previous;

    /** The cumulative RPC histogram at one sample: bucket bound (ns) to count at or below it, and the count. */
    private record Latency(TreeMap<Double, Double> buckets, double count) {
    }

    /** The running totals the rates come from. */
    private record Totals(long nanos, double rpc, Map<String, Double> errors, double floodWaits, double reconnects,
                          double keyExchanges, double tempKeyExchanges) {
    }

    DashboardSampler(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Takes a sample: a JSON-ready map. */
    Map<String, Object> sample() {
        long now = System.nanoTime();
        Latency latency = latency();
        Totals t = new Totals(now, latency.count(), byTag("mtproto.rpc.errors", "error"),
            summaryCount("mtproto.flood.wait") + summaryCount("mtproto.login.flood.waits"),
            counter("mtproto.reconnects"), timerCount("mtproto.key.exchange"),
            timerCount("mtproto.temp.key.exchange"));
        double seconds = previous == null ? 1 : Math.max(1e-3, (now - previous.nanos()) / 1e9);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("t", System.currentTimeMillis());
        out.put("rpcRate", rate(t.rpc(), previous == null ? t.rpc() : previous.rpc(), seconds));
        out.put("rpcTotal", (long) t.rpc());
        latencies.addLast(latency);
        while (latencies.size() > WINDOW + 1) {
            latencies.removeFirst();
        }
        Map<String, Object> q = new LinkedHashMap<>();
        Latency oldest = latencies.peekFirst();
        q.put("p50", quantile(oldest, latency, 0.50));
        q.put("p95", quantile(oldest, latency, 0.95));
        q.put("p99", quantile(oldest, latency, 0.99));
        out.put("latencyMs", q);
        Map<String, Object> errorRates = new TreeMap<>();
        t.errors().forEach((name, total) -> errorRates.put(name,
            rate(total, previous == null ? total : previous.errors().getOrDefault(name, 0.0), seconds)));
        out.put("errors", errorRates);
        out.put("errorTotals", longs(t.errors()));
        out.put("floodWaits", rate(t.floodWaits(), previous == null ? t.floodWaits() : previous.floodWaits(),
            seconds));
        out.put("reconnects", rate(t.reconnects(), previous == null ? t.reconnects() : previous.reconnects(),
            seconds));
        out.put("keyExchanges", rate(t.keyExchanges(), previous == null ? t.keyExchanges() : previous.keyExchanges(),
            seconds));
        out.put("tempKeyExchanges", rate(t.tempKeyExchanges(),
            previous == null ? t.tempKeyExchanges() : previous.tempKeyExchanges(), seconds));
        Map<String, Double> stages = byTag("mtproto.login.funnel", "stage");
        Map<String, Object> funnel = new LinkedHashMap<>();
        for (String stage : FUNNEL) {
            funnel.put(stage, stages.getOrDefault(stage, 0.0).longValue());
        }
        stages.forEach((stage, v) -> funnel.putIfAbsent(stage, v.longValue()));
        out.put("funnel", funnel);
        out.put("loginFailures", longs(byTag("mtproto.login.failures", "error")));
        Map<String, Object> accounts = new TreeMap<>();
        for (Gauge g : registry.find("mtproto.accounts").gauges()) {
            String state = g.getId().getTag("state");
            if (state != null) {
                double v = g.value();
                accounts.merge(state, Double.isNaN(v) ? 0L : (long) v, (a, b) -> (Long) a + (Long) b);
            }
        }
        out.put("accounts", accounts);
        previous = t;
        return out;
    }

    private static double rate(double now, double before, double seconds) {
        return round(Math.max(0, now - before) / seconds);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static Map<String, Object> longs(Map<String, Double> values) {
        Map<String, Object> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, v.longValue()));
        return out;
    }

    private Map<String, Double> byTag(String name, String tag) {
        Map<String, Double> out = new TreeMap<>();
        for (Counter c : registry.find(name).counters()) {
            String v = c.getId().getTag(tag);
            out.merge(v == null ? "unknown" : v, c.count(), Double::sum);
        }
        return out;
    }

    private double counter(String name) {
        double sum = 0;
        for (Counter c : registry.find(name).counters()) {
            sum += c.count();
        }
        return sum;
    }

    private double timerCount(String name) {
        double sum = 0;
        for (Timer t : registry.find(name).timers()) {
            sum += t.count();
        }
        return sum;
    }

    private double summaryCount(String name) {
        double sum = 0;
        for (DistributionSummary s : registry.find(name).summaries()) {
            sum += s.count();
        }
        return sum;
    }

    /** The merged cumulative buckets of every RPC timer, and their count. */
    private Latency latency() {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        double count = 0;
        for (Timer t : registry.find("mtproto.rpc").timers()) {
            HistogramSnapshot s = t.takeSnapshot();
            count += t.count();
            for (CountAtBucket b : s.histogramCounts()) {
                buckets.merge(b.bucket(TimeUnit.NANOSECONDS), b.count(), Double::sum);
            }
        }
        return new Latency(buckets, count);
    }

    /**
     * The quantile in milliseconds of the calls between two samples, interpolated inside its bucket; without
     * histograms, the count-weighted mean of the timers' own percentiles; null when no call finished.
     */
    private Double quantile(Latency from, Latency to, double q) {
        double calls = to.count() - from.count();
        if (to.buckets().isEmpty() || calls <= 0) {
            return calls <= 0 && !to.buckets().isEmpty() ? null : percentileFallback(q);
        }
        double rank = q * calls;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> e : to.buckets().entrySet()) {
            double cum = e.getValue() - from.buckets().getOrDefault(e.getKey(), 0.0);
            if (cum >= rank) {
                double inBucket = cum - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return round((lowerBound + (e.getKey() - lowerBound) * fraction) / 1e6);
            }
            lowerBound = e.getKey();
            lowerCount = cum;
        }
        return round(lowerBound / 1e6);
    }

    private Double percentileFallback(double q) {
        double weighted = 0;
        double weights = 0;
        for (Timer t : registry.find("mtproto.rpc").timers()) {
            for (ValueAtPercentile v : t.takeSnapshot().percentileValues()) {
                if (Math.abs(v.percentile() - q) < 1e-9 && t.count() > 0) {
                    weighted += v.value(TimeUnit.MILLISECONDS) * t.count();
                    weights += t.count();
                }
            }
        }
        return weights == 0 ? null : round(weighted / weights);
    }
}
