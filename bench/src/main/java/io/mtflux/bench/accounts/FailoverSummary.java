package io.mtflux.bench.accounts;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The harness's report: one line per run as it ends ({@link #line}), and at the end one table row per store and
 * ttl ({@link #table}) with the median and maximum failover time, both as ratios of the ttl and of ttl + renew
 * interval, and the SIGTERM hand-over times.
 */
final class FailoverSummary {
    private FailoverSummary() {
    }

    /** The line of one run. */
    static String line(FailoverRun.Result r) {
        double ttl = r.ttl().toMillis();
        double bound = ttl + FailoverSettings.renewOf(r.ttl()).toMillis();
        return String.format(Locale.ROOT, "%s ttl %d ms run %d: spread after %d ms; SIGKILL %s (%d accounts): first"
            + " taken over after %d ms, all authorized again after %d ms = %.2f x ttl = %.2f x (ttl + renew);"
            + " SIGTERM %s (%d accounts): all authorized elsewhere after %d ms, exit %d after %d ms",
            r.store(), r.ttl().toMillis(), r.repetition(), r.spread().toMillis(), r.killed(), r.killedAccounts(),
            r.firstTakeover().toMillis(), r.failover().toMillis(), r.failover().toMillis() / ttl,
            r.failover().toMillis() / bound, r.termed(), r.termedAccounts(), r.handover().toMillis(),
            r.termExitCode(), r.termExit().toMillis());
    }

    /** Prints the table of {@code results}: one row per store and ttl, in the order they ran. */
    static void table(List<FailoverRun.Result> results, PrintStream out) {
        Map<String, List<FailoverRun.Result>> groups = new LinkedHashMap<>();
        for (FailoverRun.Result r : results) {
            groups.computeIfAbsent(r.store() + " " + r.ttl().toMillis(), k -> new ArrayList<>()).add(r);
        }
        out.println("| store | ttl | renew | runs | failover median | failover max | median / ttl | max / ttl"
            + " | median / (ttl + renew) | max / (ttl + renew) | SIGTERM hand-over median | hand-over max |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (List<FailoverRun.Result> group : groups.values()) {
            FailoverRun.Result first = group.get(0);
            Duration ttl = first.ttl();
            double ttlMs = ttl.toMillis();
            double bound = ttlMs + FailoverSettings.renewOf(ttl).toMillis();
            List<Double> failovers = group.stream().map(r -> (double) r.failover().toMillis()).toList();
            List<Double> handovers = group.stream().map(r -> (double) r.handover().toMillis()).toList();
            double median = median(failovers);
            double max = max(failovers);
            out.println(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %.2f | %.2f | %.2f | %.2f | %s |"
                    + " %s |", first.store(), seconds(ttlMs), seconds(FailoverSettings.renewOf(ttl).toMillis()),
                group.size(), seconds(median), seconds(max), median / ttlMs, max / ttlMs, median / bound,
                max / bound, seconds(median(handovers)), seconds(max(handovers))));
        }
    }

    /** The median: the middle value, or the mean of the two middle ones. */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    private static String seconds(double millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000);
    }
}
