package io.mtflux.bench.auth;

import io.mtflux.auth.AuthClient;
import io.mtflux.auth.LoginFlows;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.crypto.DhGroup;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.SrpClient;
import io.mtflux.core.crypto.SrpProof;
import io.mtflux.core.internal.server.SrpServer;
import io.mtflux.testkit.LoginLimits;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Logins per second through the whole pipeline ({@code LoginFlows.login}: auth.sendCode, auth.signIn and,
 * with 2FA, account.getPassword, the client's SRP proof and auth.checkPassword; then auth.logOut so that the next
 * login starts over) against an in-JVM 3-DC testkit cluster, with and without 2FA, for P concurrent pipelines
 * (one connected client and one account each). In the same run it times one client SRP proof (PBKDF2 with 100,000
 * iterations plus the modPows) and one server check (challenge plus verify) on one thread, and prints the 2FA
 * bound {@code cores / (client proof + server check)} and the measured 2FA rate as a fraction of it.
 *
 * <p>Run: {@code java -cp bench/target/mtflux-bench.jar io.mtflux.bench.auth.LoginThroughputHarness [P...]}
 * (default 1 8).
 */
public final class LoginThroughputHarness {
    private static final Duration WARMUP = Duration.ofSeconds(3);
    private static final Duration RUN = Duration.ofSeconds(10);
    private static final String PASSWORD = "bench-password";
    private static final String CODE = "24680";

    private LoginThroughputHarness() {
    }

    public static void main(String[] args) {
        int[] pipelines = args.length == 0 ? new int[] {1, 8}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        int max = Arrays.stream(pipelines).max().orElse(1);
        var builder = Testkit.cluster().dcs(3)
            .limits(LoginLimits.defaults().withSendCodesPerPhone(Integer.MAX_VALUE));
        for (int p = 0; p < max; p++) {
            builder.user(TestUser.of(phone(false, p)).dc(p % 3 + 1).name("Plain" + p, "B").code(CODE));
            builder.user(TestUser.of(phone(true, p)).dc(p % 3 + 1).name("Tfa" + p, "B").code(CODE)
                .password(PASSWORD, null));
        }
        TestCluster cluster = builder.start().block();
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("%-8s %9s %10s %12s%n", "2FA", "pipelines", "logins/s", "mean ms");
        List<double[]> twoFactorRates = new ArrayList<>();
        for (boolean twoFactor : new boolean[] {false, true}) {
            for (int p : pipelines) {
                double rate = run(cluster, twoFactor, p);
                System.out.printf("%-8s %9d %10.1f %12.1f%n", twoFactor ? "yes" : "no", p, rate, 1000.0 * p / rate);
                if (twoFactor) {
                    twoFactorRates.add(new double[] {p, rate});
                }
            }
        }
        double clientMs = clientProofMillis();
        double serverMs = serverCheckMillis();
        double bound = cores * 1000.0 / (clientMs + serverMs);
        System.out.printf("client SRP proof %.1f ms, server check %.1f ms, cores %d: 2FA bound %.1f logins/s%n",
            clientMs, serverMs, cores, bound);
        for (double[] r : twoFactorRates) {
            System.out.printf("2FA, %d pipelines: %.1f logins/s = %.2f of the bound%n", (int) r[0], r[1],
                r[1] / bound);
        }
        cluster.stop().block();
    }

    private static String phone(boolean twoFactor, int p) {
        return "+1 555 7" + (twoFactor ? "2" : "1") + String.format("%06d", p);
    }

    /** Logins per second of {@code pipelines} concurrent login-logout loops, after a warm-up. */
    private static double run(TestCluster cluster, boolean twoFactor, int pipelines) {
        List<MtprotoClient> clients = new ArrayList<>();
        for (int p = 0; p < pipelines; p++) {
            MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
                .apiId(1).apiHash("0123456789abcdef0123456789abcdef")
                .dcOptions(cluster.dcOptions()).build());
            client.connect().block();
            clients.add(client);
        }
        try {
            loop(clients, twoFactor, WARMUP);
            long start = System.nanoTime();
            long logins = loop(clients, twoFactor, RUN);
            return logins / ((System.nanoTime() - start) / 1e9);
        } finally {
            Flux.fromIterable(clients).flatMap(MtprotoClient::close).then().block();
        }
    }

    private static long loop(List<MtprotoClient> clients, boolean twoFactor, Duration length) {
        long deadline = System.nanoTime() + length.toNanos();
        AtomicLong done = new AtomicLong();
        Flux.range(0, clients.size()).flatMap(p -> {
            AuthClient auth = AuthClient.create(clients.get(p));
            LoginFlows flows = LoginFlows.create(clients.get(p));
            LoginPrompts prompts = prompts(phone(twoFactor, p));
            // login(), not start(): the session is logged out before each round, so start's check is not measured
            return Mono.defer(() -> flows.login(prompts))
                .then(Mono.defer(auth::logOut))
                .doOnSuccess(v -> done.incrementAndGet())
                .repeat(() -> System.nanoTime() < deadline)
                .then();
        }, clients.size()).then().block();
        return done.get();
    }

    private static LoginPrompts prompts(String phone) {
        return LoginPrompts.builder().phone(phone).code(CODE).password(PASSWORD).build();
    }

    private static final byte[] SALT1 = RandomSource.secure().bytes(40);
    private static final byte[] SALT2 = RandomSource.secure().bytes(16);

    /** One client proof (PBKDF2-HMAC-SHA512, 100,000 iterations, and the modPows), mean of 20 after 5. */
    private static double clientProofMillis() {
        SrpServer server = SrpServer.fromPassword(PASSWORD.getBytes(StandardCharsets.UTF_8), SALT1, SALT2,
            DhGroup.TELEGRAM);
        byte[] srpB = server.challenge(RandomSource.secure()).srpB();
        return meanMillis(() -> SrpClient.computeProof(PASSWORD.getBytes(StandardCharsets.UTF_8), SALT1, SALT2,
            DhGroup.TELEGRAM.generator(), DhGroup.TELEGRAM.primeBytes(), srpB, RandomSource.secure()));
    }

    /** One server check as the testkit does it (challenge for account.getPassword, verify), mean of 20 after 5. */
    private static double serverCheckMillis() {
        SrpServer server = SrpServer.fromPassword(PASSWORD.getBytes(StandardCharsets.UTF_8), SALT1, SALT2,
            DhGroup.TELEGRAM);
        return selfTimedMillis(() -> {
            long start = System.nanoTime();
            SrpServer.Challenge challenge = server.challenge(RandomSource.secure());
            long challengeNanos = System.nanoTime() - start;
            SrpProof proof = SrpClient.computeProof(PASSWORD.getBytes(StandardCharsets.UTF_8), SALT1, SALT2,
                DhGroup.TELEGRAM.generator(), DhGroup.TELEGRAM.primeBytes(), challenge.srpB(),
                RandomSource.secure());
            start = System.nanoTime();
            challenge.verify(proof.a(), proof.m1());
            return challengeNanos + System.nanoTime() - start;
        });
    }

    private static double meanMillis(java.util.function.Supplier<?> work) {
        for (int i = 0; i < 5; i++) {
            work.get();
        }
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            work.get();
        }
        return (System.nanoTime() - start) / 20 / 1e6;
    }

    /** The mean of what {@code work} reports as its own nanoseconds (it times only part of itself). */
    private static double selfTimedMillis(java.util.function.Supplier<Long> work) {
        for (int i = 0; i < 5; i++) {
            work.get();
        }
        long total = 0;
        for (int i = 0; i < 20; i++) {
            total += work.get();
        }
        return total / 20 / 1e6;
    }
}
