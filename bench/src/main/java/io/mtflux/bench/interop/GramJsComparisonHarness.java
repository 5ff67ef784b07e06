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
 * mtflux against GramJS (npm {@code telegram} 2.26.22, driven through {@code interop/gramjs-bench.js}) in one
 * run, against one in-JVM testkit cluster, both over the full TCP framing (GramJS's default in Node):
 * <ul>
 *   <li>RPC calls/s: C concurrent loops of {@code help.getNearestDc} over one client connection, C = 1 and 100
 *       by default (issue bar: mtflux at least 3x GramJS at C = 100);</li>
 *   <li>logins/s: 8 concurrent pipelines, each login a new client (new auth key), the phone code read from the
 *       cluster's code feed, then the 2FA password (SRP).</li>
 * </ul>
 *
 * <p>Run from the repository root (it finds {@code interop/}, and runs {@code npm ci} there when needed):
 * {@code java -cp bench/target/mtflux-bench.jar io.mtflux.bench.interop.GramJsComparisonHarness [C...]}.
 * System properties: {@code -Dbench.rpc.seconds=5}, {@code -Dbench.login.seconds=10},
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
        Duration rpcRun = Duration.ofSeconds(Long.getLong("bench.rpc.seconds", 5));
        Duration loginRun = Duration.ofSeconds(Long.getLong("bench.login.seconds", 10));
        int pipelines = Integer.getInteger("bench.login.pipelines", 8);
        boolean logins = !Boolean.getBoolean("bench.skip.logins");

        NodeProject project = NodeProject.locate();
        project.ensureInstalled();
        TestCluster.Builder builder = Testkit.cluster().dcs(2)
            .limits(LoginLimits.defaults().withSendCodesPerPhone(1_000_000).withFloodWindow(Duration.ofSeconds(1)));
        for (int i = 0; i < pipelines; i++) {
            builder.user(TestUser.of(phone("mtflux", i)).dc(2).password(PASSWORD, null),
                TestUser.of(phone("gramjs", i)).dc(2).password(PASSWORD, null));
        }
        TestCluster cluster = builder.start().block(WAIT);
        try {
            System.out.printf("RPC help.getNearestDc over one connection (full framing), %d s measured after %d s%n",
                rpcRun.toSeconds(), WARMUP.toSeconds());
            List<JsonNode> gram = gramJs(project, cluster, List.of("rpc", "--concurrency", join(callers),
                "--warmup-ms", Long.toString(WARMUP.toMillis()), "--run-ms", Long.toString(rpcRun.toMillis())),
                callers.length, WAIT.plus(rpcRun.plus(WARMUP).multipliedBy(callers.length)));
            MtprotoClient client = client(cluster);
            System.out.printf("%-8s %14s %10s %10s %14s %10s %10s %8s%n", "callers", "mtflux calls/s", "p50 us",
                "p99 us", "gramjs calls/s", "p50 us", "p99 us", "ratio");
            for (int i = 0; i < callers.length; i++) {
                LatencyRecorder rec = measure(callers[i], rpcRun, () -> client.invoke(new HelpGetNearestDc()).then());
                JsonNode g = gram.get(i);
                System.out.printf("%-8d %14.0f %10d %10d %14.0f %10d %10d %8.1f%n", callers[i], rec.rate(),
                    rec.percentileMicros(0.5), rec.percentileMicros(0.99), g.path("rate").asDouble(),
                    g.path("p50_us").asLong(), g.path("p99_us").asLong(), rec.rate() / g.path("rate").asDouble());
            }
            client.close().block(WAIT);

            if (logins) {
                System.out.printf("%nLogins (phone code + 2FA, new auth key each), %d pipelines, %d s measured%n",
                    pipelines, loginRun.toSeconds());
                List<String> phones = new ArrayList<>();
                for (int i = 0; i < pipelines; i++) {
                    phones.add(phone("gramjs", i));
                }
                JsonNode g = gramJs(project, cluster, List.of("login", "--phones", String.join(",", phones),
                    "--password", PASSWORD, "--warmup-ms", Long.toString(WARMUP.toMillis()),
                    "--run-ms", Long.toString(loginRun.toMillis())), 1, WAIT.plus(loginRun).plus(WAIT)).get(0);
                AtomicInteger failures = new AtomicInteger();
                LatencyRecorder rec = logins(cluster, pipelines, loginRun, failures);
                System.out.printf("%-8s %10s %10s %10s %9s%n", "client", "logins/s", "p50 ms", "p99 ms", "failures");
                System.out.printf("%-8s %10.1f %10d %10d %9d%n", "mtflux", rec.rate(),
                    rec.percentileMicros(0.5) / 1000, rec.percentileMicros(0.99) / 1000, failures.get());
                System.out.printf("%-8s %10.1f %10d %10d %9d%s%n", "gramjs", g.path("rate").asDouble(),
                    g.path("p50_us").asLong() / 1000, g.path("p99_us").asLong() / 1000, g.path("failures").asInt(),
                    g.path("lastError").isTextual() ? "  (last error: " + g.path("lastError").asText() + ")" : "");
                System.out.printf("ratio mtflux/gramjs: %.1f%n", rec.rate() / g.path("rate").asDouble());
            }
        } finally {
            cluster.stop().block(WAIT);
        }
    }

    private static String phone(String side, int i) {
        return "+1 555 " + (side.equals("mtflux") ? "11" : "12") + String.format("%d %04d", i / 10000, i);
    }

    private static String join(int[] values) {
        StringBuilder out = new StringBuilder();
        for (int v : values) {
            out.append(out.length() == 0 ? "" : ",").append(v);
        }
        return out.toString();
    }

    /** Runs gramjs-bench.js and returns its result lines; fails on an error line or a missing line. */
    private static List<JsonNode> gramJs(NodeProject project, TestCluster cluster, List<String> args, int lines,
                                         Duration timeout) {
        Path log = Path.of("target", "gramjs-bench-" + args.get(0) + ".log").toAbsolutePath();
        List<JsonNode> out = new ArrayList<>();
        try (ClusterScript script = ClusterScript.start(project, cluster, "gramjs-bench.js", args, log)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < lines) {
                JsonNode line = script.nextLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                if (line == null || line.has("error") && !line.has("count")) {
                    throw new IllegalStateException("gramjs-bench.js " + args.get(0) + " failed: " + line
                        + "\n" + script.stderrTail(30));
                }
                out.add(line);
            }
            script.waitFor(Duration.ofSeconds(10));
        }
        return out;
    }

    private static MtprotoClient client(TestCluster cluster) {
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder().apiId(12345).apiHash(API_HASH)
            .dcOptions(cluster.dcOptions(2)).sessionStore(new InMemorySessionStore())
            .transport(ClientTransport.tcp(MtprotoTransport.tcp().framing(Framing.FULL))).build());
        client.connect().block(WAIT);
        return client;
    }

    /** C loops, each calling again as soon as its call completes. */
    private static LatencyRecorder measure(int concurrency, Duration run, Supplier<Mono<Void>> call) {
        LatencyRecorder recorder = new LatencyRecorder(WARMUP, run);
        Flux.range(0, concurrency).flatMap(i -> Mono.defer(() -> {
            long t0 = System.nanoTime();
            return call.get().then(Mono.fromRunnable(() -> recorder.record(t0)));
        }).repeat(recorder::running), concurrency).blockLast();
        return recorder;
    }

    /** Pipelines of whole logins: new client, phone code from the feed, 2FA password, close. */
    private static LatencyRecorder logins(TestCluster cluster, int pipelines, Duration run, AtomicInteger failures) {
        LatencyRecorder recorder = new LatencyRecorder(WARMUP, run);
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
