package io.mtflux.bench.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mtflux.accounts.AccountManager;
import io.mtflux.accounts.AccountManagerOptions;
import io.mtflux.accounts.AccountSpec;
import io.mtflux.auth.LoginStatus;
import io.mtflux.auth.ResumableLogin;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionStore;
import io.mtflux.testkit.LoginLimits;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.web.Console;
import io.mtflux.web.ConsoleOptions;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Logins per second through the web console's REST API against the same logins called directly, in one run on one
 * in-JVM 3-DC testkit cluster and one {@link AccountManager}: N concurrent pipelines, each one account looping a
 * whole login (phone, code and, by default, the 2FA password; then a log-out so that the next login starts over).
 *
 * <ul>
 *   <li>REST: each step a request of its own to {@code POST /api/accounts/{id}/send-code}, {@code sign-in} (401
 *       {@code SESSION_PASSWORD_NEEDED} with 2FA), {@code check-password}, {@code log-out}, with
 *       {@code Authorization: Bearer TOKEN} and JSON bodies, over Reactor Netty's {@link HttpClient} (one
 *       keep-alive pool), as a program would drive the console;</li>
 *   <li>direct: the same steps, each on the {@link ResumableLogin} that
 *       {@link AccountManager#resumableLogin(String, int)} gives (what the console's routes call for each request:
 *       the account's client, its stored session read, its state moved, the login funnel counted), on the same
 *       manager, so only the HTTP side (request, guard, JSON, answer) differs. Until 2026-12-06 the direct side
 *       drove a bare client's {@code ResumableLogin} without the manager's bookkeeping; on this harness the two
 *       measured the same within noise (about 250 us CPU per code-only login).</li>
 * </ul>
 *
 * Rounds alternate (REST, direct, REST, ...): a warm-up of {@code WARMUP} each in the first pair (12 s: the REST
 * side is still getting faster by the JIT after 30 s; the 2 s used before were not enough), then {@code ROUND}
 * measured each; the two sides use their own account ids on the same phone numbers. It prints logins/s per round
 * and, per side, the median round, and the ratio REST/direct (bar: at least 0.8).
 *
 * <p>Run: {@code java -cp bench/target/mtflux-bench.jar io.mtflux.bench.web.ConsoleLoginHarness [--no-2fa]
 * [--rounds R] [N...]} (default 8 pipelines, 3 rounds each, with 2FA).
 */
public final class ConsoleLoginHarness {
    private static final Duration WARMUP = Duration.ofSeconds(12);
    private static final Duration ROUND = Duration.ofSeconds(8);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CODE = "24680";
    private static final String PASSWORD = "bench-password";
    private static final String API_HASH = "0123456789abcdef0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsoleLoginHarness() {
    }

    public static void main(String[] args) {
        boolean twoFactor = true;
        int rounds = 3;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-2fa" -> twoFactor = false;
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes.add(8);
        }
        int max = sizes.stream().mapToInt(Integer::intValue).max().orElse(1);
        TestCluster.Builder builder = Testkit.cluster().dcs(3)
            .limits(LoginLimits.defaults().withSendCodesPerPhone(Integer.MAX_VALUE));
        for (int p = 0; p < max; p++) {
            TestUser user = TestUser.of(phone(p)).dc(p % 3 + 1).name("Console" + p, "Bench").code(CODE);
            builder.user(twoFactor ? user.password(PASSWORD, "bench") : user);
        }
        TestCluster cluster = builder.start().block(WAIT);
        // the console serves /metrics from a Prometheus registry: the clients measure with it, as in the console CLI
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ClientResources resources = ClientResources.builder().meterRegistry(registry).build();
        SessionStore store = new InMemorySessionStore();
        AccountManager accounts = AccountManager.create(AccountManagerOptions.builder()
            .sessionStore(store).resources(resources).apiCredentials(1, API_HASH)
            .clientTemplate(ClientOptions.builder().apiId(1).apiHash(API_HASH).dcOptions(cluster.dcOptions()).build())
            .build());
        Console console = Console.start(ConsoleOptions.builder(accounts).meterRegistry(registry)
            .newAccounts(id -> AccountSpec.of(id).withApiCredentials(1, API_HASH)).build()).block(WAIT);
        ConnectionProvider pool = ConnectionProvider.builder("console-bench").maxConnections(512).build();
        HttpClient http = HttpClient.create(pool).baseUrl(console.url().toString().replaceAll("/$", ""))
            .headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + console.options().token())
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
        try {
            System.out.printf("%s logins (phone, code%s, log-out), rounds of %d s alternating, %d cores%n",
                twoFactor ? "2FA" : "code-only", twoFactor ? ", 2FA password" : "", ROUND.toSeconds(),
                Runtime.getRuntime().availableProcessors());
            System.out.printf("%9s %6s %12s %12s%n", "pipelines", "round", "REST/s", "direct/s");
            for (int n : sizes) {
                run(accounts, http, n, rounds, twoFactor);
            }
        } finally {
            console.close().block(WAIT);
            accounts.close().block(WAIT);
            pool.disposeLater().block(WAIT);
            resources.shutdown().block(WAIT);
            cluster.stop().block(WAIT);
        }
    }

    private static String phone(int p) {
        return "+1555066" + String.format("%04d", p);
    }

    private static void run(AccountManager accounts, HttpClient http, int n, int rounds, boolean twoFactor) {
        List<Login> rest = new ArrayList<>();
        List<Login> direct = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            rest.add(new RestLogin(http, "rest-" + n + "-" + p, phone(p), twoFactor));
            String id = "direct-" + n + "-" + p;
            accounts.add(AccountSpec.of(id).withApiCredentials(1, API_HASH));
            direct.add(new DirectLogin(accounts, id, phone(p)));
        }
        rounds(rest, direct, n, rounds);
    }

    private static void rounds(List<Login> rest, List<Login> direct, int n, int rounds) {
        loop(rest, WARMUP);
        loop(direct, WARMUP);
        double[] restRates = new double[rounds];
        double[] directRates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            restRates[r] = loop(rest, ROUND);
            directRates[r] = loop(direct, ROUND);
            System.out.printf("%9d %6d %12.1f %12.1f%n", n, r + 1, restRates[r], directRates[r]);
        }
        double restMedian = median(restRates);
        double directMedian = median(directRates);
        System.out.printf("%d pipelines: REST %.1f logins/s, direct %.1f logins/s (medians of %d rounds): "
            + "ratio REST/direct %.2f (bar 0.80)%n", n, restMedian, directMedian, rounds, restMedian / directMedian);
    }

    /** Logins per second of the pipelines, each looping its login until {@code length} is over. */
    private static double loop(List<Login> logins, Duration length) {
        long start = System.nanoTime();
        long deadline = start + length.toNanos();
        AtomicLong done = new AtomicLong();
        Flux.fromIterable(logins)
            .flatMap(login -> Mono.defer(login::once)
                .doOnSuccess(v -> done.incrementAndGet())
                .repeat(() -> System.nanoTime() < deadline)
                .then(), logins.size())
            .then().block();
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    /** One pipeline: a whole login then a log-out. */
    private interface Login {
        Mono<Void> once();
    }

    /** The console's REST API, one request per step. */
    private record RestLogin(HttpClient http, String id, String phone, boolean twoFactor) implements Login {
        @Override
        public Mono<Void> once() {
            String path = "/api/accounts/" + id + "/";
            return post(path + "send-code", "{\"phone\":\"" + phone + "\"}", 200, "CODE")
                .then(post(path + "sign-in", "{\"code\":\"" + CODE + "\"}", twoFactor ? 401 : 200,
                    twoFactor ? null : "AUTHORIZED"))
                .then(twoFactor ? post(path + "check-password", "{\"password\":\"" + PASSWORD + "\"}", 200,
                    "AUTHORIZED") : Mono.empty())
                .then(post(path + "log-out", "{}", 200, "NONE"));
        }

        /** A POST that must answer {@code status} (and, when given, a LoginStatus at {@code step}). */
        private Mono<Void> post(String path, String json, int status, String step) {
            // a body of known length (Content-Length, one write), as browsers and HTTP libraries send JSON; a Flux body
            // would go chunked (headers, chunk and last chunk written apart), which cost more than half of the
            // REST side's CPU per login in this harness
            return http.post().uri(path)
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8))))
                .responseSingle((res, body) -> body.asString().defaultIfEmpty("").map(text -> {
                    if (res.status().code() != status) {
                        throw new IllegalStateException(path + " answered " + res.status().code() + ": " + text);
                    }
                    if (step != null && !step.equals(field(text, "step"))) {
                        throw new IllegalStateException(path + " reached " + text);
                    }
                    return text;
                }))
                .then();
        }

        private static String field(String text, String name) {
            try {
                JsonNode node = JSON.readTree(text);
                return node.path(name).asText();
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + text, e);
            }
        }
    }

    /**
     * The same steps, each on the {@link ResumableLogin} that {@link AccountManager#resumableLogin(String, int)}
     * gives for the step, as the console's routes get it: the account's client, the stored session read (a client
     * older than the store is replaced), the account's state moved and the funnel counted. Only the HTTP is left
     * out (the request, the guard, the JSON).
     */
    private record DirectLogin(AccountManager accounts, String id, String phone) implements Login {
        @Override
        public Mono<Void> once() {
            return step(l -> l.sendCode(phone))
                .then(step(l -> l.signIn(CODE)))
                .flatMap(s -> s.step() == LoginStatus.Step.PASSWORD ? step(l -> l.checkPassword(PASSWORD))
                    : Mono.just(s))
                .doOnNext(s -> {
                    if (s.step() != LoginStatus.Step.AUTHORIZED) {
                        throw new IllegalStateException("a direct login reached " + s.step());
                    }
                })
                .then(step(ResumableLogin::logOut))
                .then();
        }

        private Mono<LoginStatus> step(Function<ResumableLogin, Mono<LoginStatus>> step) {
            return accounts.resumableLogin(id, ResumableLogin.DEFAULT_MAX_FAILED_ATTEMPTS).flatMap(step);
        }
    }
}
