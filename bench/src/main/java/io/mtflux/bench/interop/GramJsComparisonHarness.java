package io.mtflux.bench.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtflux.auth.LoginFlows;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.bench.LatencyRecorder;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientTransport;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import io.mtflux.interop.ClusterScript;
import io.mtflux.interop.NodeProject;
import io.mtflux.testkit.LoginCode;
import io.mtflux.testkit.LoginLimits;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.api.Phones;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.framing.Framing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * mtflux against GramJS (npm {@code telegram} 2.26.22, driven through {@code interop/gramjs-bench.js slices}) in
 * one run, against one in-JVM testkit cluster, both over the full TCP framing (GramJS's default in Node):
 * <ul>
 *   <li>RPC calls/s: C concurrent loops of {@code help.getNearestDc} over one client connection, C = 1 and 100
 *       by default (issue bar: mtflux at least 3x GramJS at C = 100);</li>
 *   <li>logins/s: 8 concurrent pipelines, each login a new client (new auth key), the phone code read from the
 *       cluster's code feed, then the 2FA password (SRP).</li>
 * </ul>
 * The two clients take turns in alternating slices (GramJS then mtflux, then mtflux then GramJS, ...), after one
 * unmeasured slice each, so that neither profits from the other's warm-up nor from a quieter moment of a shared
 * machine; each pair of slices gives a ratio mtflux/GramJS, and the harness prints every slice, the median rate
 * of each side, and the median and range of the per-slice ratios. Both clients stay connected throughout.
 *
 * <p>Run from the repository root (it finds {@code interop/}, and runs {@code npm ci} there when needed):
 * {@code java -cp bench/target/mtflux-bench.jar io.mtflux.bench.interop.GramJsComparisonHarness [C...]}.
 * System properties: {@code -Dbench.slices=6} and {@code -Dbench.rpc.slice.ms=1000} (RPC slices per C and
 * side, and their length), {@code -Dbench.login.slices=3}, {@code -Dbench.login.slice.ms=10000}
 * (a login only counts when it completes inside its slice: keep login slices several logins long),
 * {@code -Dbench.login.pipelines=8}, {@code -Dbench.skip.logins=true}.
 */
public final class GramJsComparisonHarness {
    private static final String PASSWORD = "bench password";
    private static final Duration WARMUP = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String API_HASH = "0123456789abcdef0123456789abcdef";

    private GramJsComparisonHarness() {
    }

    public static void main(String[] args) {
        int[] callers = args.length == 0 ? new int[] {1, 100}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        int rpcSlices = Integer.getInteger("bench.slices", 6);
        Duration rpcSlice = Duration.ofMillis(Long.getLong("bench.rpc.slice.ms", 1000));
        int loginSlices = Integer.getInteger("bench.login.slices", 3);
        Duration loginSlice = Duration.ofMillis(Long.getLong("bench.login.slice.ms", 10000));
        int pipelines = Integer.getInteger("bench.login.pipelines", 8);
        boolean logins = !Boolean.getBoolean("bench.skip.logins");

        NodeProject project = NodeProject.locate();
        project.ensureInstalled();
        TestCluster.Builder builder = Testkit.cluster().dcs(2)
            .limits(LoginLimits.defaults().withSendCodesPerPhone(1_000_000).withFloodWindow(Duration.ofSeconds(1)));
        List<String> gramPhones = new ArrayList<>();
        for (int i = 0; i < pipelines; i++) {
            builder.user(TestUser.of(phone("mtflux", i)).dc(2).password(PASSWORD, null),
                TestUser.of(phone("gramjs", i)).dc(2).password(PASSWORD, null));
            gramPhones.add(phone("gramjs", i));
        }
        TestCluster cluster = builder.start().block(WAIT);
        Path log = Path.of("target", "gramjs-bench-slices.log").toAbsolutePath();
        try (ClusterScript gram = ClusterScript.start(project, cluster, "gramjs-bench.js",
                List.of("slices", "--phones", String.join(",", gramPhones), "--password", PASSWORD), log)) {
            next(gram, WAIT);
            MtprotoClient client = client(cluster);
            System.out.printf("RPC help.getNearestDc over one connection (full framing), %d alternating slices of "
                + "%d ms per side after one unmeasured slice each%n", rpcSlices, rpcSlice.toMillis());
            for (int c : callers) {
                String command = "{\"command\":\"rpc\",\"concurrency\":" + c + ",\"ms\":";
                Side mtflux = length -> measure(c, length, () -> client.invoke(new HelpGetNearestDc()).then());
                Side gramjs = length -> gramSlice(gram, command, length);
                System.out.printf("%ncallers %d%n", c);
                alternate(mtflux, gramjs, rpcSlices, rpcSlice, WARMUP, 1);
            }
            client.close().block(WAIT);

            if (logins) {
                System.out.printf("%nLogins (phone code + 2FA, new auth key each), %d pipelines, %d alternating "
                    + "slices of %d ms per side after one unmeasured slice each%n", pipelines, loginSlices,
                    loginSlice.toMillis());
                String command = "{\"command\":\"login\",\"ms\":";
                AtomicInteger failures = new AtomicInteger();
                Side mtflux = length -> {
                    LatencyRecorder rec = logins(cluster, pipelines, length, failures);
                    return new Slice(rec.rate(), rec.percentileMicros(0.5), rec.percentileMicros(0.99),
                        failures.getAndSet(0));
                };
                Side gramjs = length -> gramSlice(gram, command, length);
                alternate(mtflux, gramjs, loginSlices, loginSlice, loginSlice, 1000);
            }
            gram.send("{\"command\":\"stop\"}");
            gram.waitFor(Duration.ofSeconds(30));
        } finally {
            cluster.stop().block(WAIT);
        }
    }

    /** One measured slice: rate, p50 and p99 (us) and failures. */
    private record Slice(double rate, long p50, long p99, int failures) {
    }

    /** One client's way of running a slice of the given length. */
    private interface Side {
        Slice run(Duration length);
    }

    /**
     * One unmeasured slice of {@code warmup} each, then {@code rounds} pairs of slices, the order swapped every
     * round; prints each pair, then the median rates, the median p50/p99 and the median and range of the ratios.
     */
    private static void alternate(Side mtflux, Side gramjs, int rounds, Duration slice, Duration warmup,
                                  int latencyDivisor) {
        mtflux.run(warmup);
        gramjs.run(warmup);
        List<Slice> ms = new ArrayList<>();
        List<Slice> gs = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        String unit = latencyDivisor == 1 ? "us" : "ms";
        System.out.printf("%-6s %-14s %12s %15s %12s %15s %8s%n", "slice", "order", "mtflux /s", "p50/p99 " + unit,
            "gramjs /s", "p50/p99 " + unit, "ratio");
        for (int r = 0; r < rounds; r++) {
            boolean gramFirst = r % 2 == 0;
            Slice g = gramFirst ? gramjs.run(slice) : null;
            Slice m = mtflux.run(slice);
            if (!gramFirst) {
                g = gramjs.run(slice);
            }
            ms.add(m);
            gs.add(g);
            double ratio = g.rate > 0 ? m.rate / g.rate : Double.NaN;
            if (!Double.isNaN(ratio)) {
                ratios.add(ratio);
            }
            System.out.printf("%-6d %-14s %12.1f %15s %12.1f %15s %8.2f%s%n", r + 1,
                gramFirst ? "gramjs,mtflux" : "mtflux,gramjs", m.rate, m.p50 / latencyDivisor + "/"
                    + m.p99 / latencyDivisor, g.rate, g.p50 / latencyDivisor + "/" + g.p99 / latencyDivisor, ratio,
                m.failures + g.failures > 0 ? "  failures mtflux " + m.failures + ", gramjs " + g.failures : "");
        }
        System.out.printf("median %-14s %12.1f %15s %12.1f %15s %8.2f  (ratio range %.2f..%.2f over %d slices)%n",
            "", median(ms, Slice::rate), (long) median(ms, Slice::p50) / latencyDivisor + "/"
                + (long) median(ms, Slice::p99) / latencyDivisor, median(gs, Slice::rate),
            (long) median(gs, Slice::p50) / latencyDivisor + "/" + (long) median(gs, Slice::p99) / latencyDivisor,
            median(ratios, x -> x), ratios.stream().mapToDouble(x -> x).min().orElse(0),
            ratios.stream().mapToDouble(x -> x).max().orElse(0), ratios.size());
    }

    private static <T> double median(List<T> values, java.util.function.ToDoubleFunction<T> f) {
        double[] v = values.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return 0;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Asks gramjs-bench.js for one slice and waits for its line. */
    private static Slice gramSlice(ClusterScript gram, String commandPrefix, Duration slice) {
        gram.send(commandPrefix + slice.toMillis() + "}");
        JsonNode line = next(gram, WAIT.plus(slice));
        return new Slice(line.path("rate").asDouble(), line.path("p50_us").asLong(), line.path("p99_us").asLong(),
            line.path("failures").asInt());
    }

    /** The script's next line; fails on an error line or none in time. */
    private static JsonNode next(ClusterScript script, Duration timeout) {
        JsonNode line = script.nextLine(timeout);
        if (line == null || line.has("error") && !line.has("count")) {
            throw new IllegalStateException("gramjs-bench.js slices failed: " + line + "\n" + script.stderrTail(30));
        }
        return line;
    }

    private static String phone(String side, int i) {
        return "+1 555 " + (side.equals("mtflux") ? "11" : "12") + String.format("%d %04d", i / 10000, i);
    }

    private static MtprotoClient client(TestCluster cluster) {
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder().apiId(12345).apiHash(API_HASH)
            .dcOptions(cluster.dcOptions(2)).sessionStore(new InMemorySessionStore())
            .transport(ClientTransport.tcp(MtprotoTransport.tcp().framing(Framing.FULL))).build());
        client.connect().block(WAIT);
        return client;
    }

    /** C loops, each calling again as soon as its call completes, for one slice. */
    private static Slice measure(int concurrency, Duration run, Supplier<Mono<Void>> call) {
        LatencyRecorder recorder = new LatencyRecorder(Duration.ZERO, run);
        Flux.range(0, concurrency).flatMap(i -> Mono.defer(() -> {
            long t0 = System.nanoTime();
            return call.get().then(Mono.fromRunnable(() -> recorder.record(t0)));
        }).repeat(recorder::running), concurrency).blockLast();
        return new Slice(recorder.rate(), recorder.percentileMicros(0.5), recorder.percentileMicros(0.99), 0);
    }

    /** Pipelines of whole logins: new client, phone code from the feed, 2FA password, close. */
    private static LatencyRecorder logins(TestCluster cluster, int pipelines, Duration run, AtomicInteger failures) {
        LatencyRecorder recorder = new LatencyRecorder(Duration.ZERO, run);
        Flux.range(0, pipelines).flatMap(i -> Mono.defer(() -> {
            long t0 = System.nanoTime();
            MtprotoClient client = MtprotoClient.create(ClientOptions.builder().apiId(12345).apiHash(API_HASH)
                .dcOptions(cluster.dcOptions(2)).sessionStore(new InMemorySessionStore())
                .transport(ClientTransport.tcp(MtprotoTransport.tcp().framing(Framing.FULL))).build());
            FeedPrompts prompts = new FeedPrompts(cluster, phone("mtflux", i));
            return client.connect()
                .then(LoginFlows.create(client).login(prompts.prompts))
                .timeout(WAIT)
                .doOnNext(u -> recorder.record(t0))
                .onErrorResume(e -> {
                    failures.incrementAndGet();
                    return Mono.empty();
                })
                .then(client.close())
                .doFinally(s -> prompts.dispose());
        }).repeat(recorder::running), pipelines).blockLast();
        return recorder;
    }

    /** Codes from the cluster's feed (subscribed before auth.sendCode), the fixed 2FA password. */
    private static final class FeedPrompts {
        private final List<Disposable> connection = new ArrayList<>(1);
        final LoginPrompts prompts;

        FeedPrompts(TestCluster cluster, String phone) {
            String digits = Phones.normalize(phone);
            Flux<String> codes = cluster.codes().filter(c -> c.phone().equals(digits)).map(LoginCode::code)
                .replay(1).autoConnect(0, connection::add);
            this.prompts = LoginPrompts.builder().phone(phone)
                .code(sent -> codes.next().timeout(WAIT))
                .password(PASSWORD)
                .build();
        }

        void dispose() {
            connection.forEach(Disposable::dispose);
        }
    }
}
