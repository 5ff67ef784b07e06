package io.mtflux.bench.accounts;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mtflux.accounts.AccountManager;
import io.mtflux.accounts.AccountManagerOptions;
import io.mtflux.accounts.AccountSnapshot;
import io.mtflux.accounts.AccountSpec;
import io.mtflux.accounts.AccountState;
import io.mtflux.accounts.LoginResult;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.RsaPrivateKey;
import io.mtflux.core.handshake.ClientHandshake;
import io.mtflux.core.handshake.ClientHandshakeSettings;
import io.mtflux.core.handshake.DhGenOutcome;
import io.mtflux.core.internal.server.ServerHandshake;
import io.mtflux.core.internal.server.ServerHandshakeSettings;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.store.DcAuth;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.UpdateState;
import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import io.mtflux.core.tl.mtproto.ReqDHParams;
import io.mtflux.core.tl.mtproto.ResPQ;
import io.mtflux.core.tl.mtproto.ServerDHParams;
import io.mtflux.core.tl.mtproto.SetClientDHParams;
import io.mtflux.core.tl.mtproto.SetClientDHParamsAnswer;
import io.mtflux.testkit.TestkitReadyLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What one account costs in one JVM, hot and parked, against the testkit jar running as separate processes (so
 * that the server's memory, threads and CPU are not this JVM's).
 *
 * <p>Hot, for each N: N test-number accounts log in through the accounts runtime (one key exchange each; their
 * sessions land in an in-memory store), that manager is closed, and after a full GC the heap is the baseline (the
 * store with N sessions included). A new manager then starts the N accounts from the store (a connection on the
 * stored key each, one {@code users.getUsers} check) and leaves them idle: the retained heap after a full GC minus
 * the baseline, divided by N, is the hot cost of an account (client, connection, socket channel, manager record).
 * Threads are counted before and after; the CPU this JVM spends over an idle window (keepalive pings every
 * {@code --ping} seconds) is process CPU time over wall time. The bring-up rate is set against
 * {@code cores / (one key exchange, client and server halves, on one thread)} measured in the same run.
 *
 * <p>Parked: {@code --wakes} accounts log in for real, then {@code --parked} sessions in all (the real ones plus
 * cheap ones sharing one made-up key, never woken) are put in a fresh store; after a full GC (baseline) a manager
 * with {@code startParked} registers and starts them all, parked: the heap over the baseline divided by the count is
 * the parked cost. Then the real ones are woken at once by a call each ({@code users.getUsers}), several rounds
 * (parked again in between), after warm-up rounds: the latency from the call to its result, p50 and p99, the CPU
 * per wake of both processes, and the key exchanges made (none: a wake is a new connection and MTProto session on
 * the stored key).
 *
 * <p>Each testkit process serves one DC and at most {@code --per-process} accounts (test numbers 99966 1 XXXX,
 * 10,000 per DC), so neither end runs out of file descriptors ({@code ulimit -n}): N = 19,000 runs two processes.
 *
 * <p>Run: {@code java -cp bench/target/mtflux-bench.jar io.mtflux.bench.accounts.AccountMemoryHarness [N...]
 * [--parked P] [--wakes W] [--warmup U] [--rounds R] [--idle S] [--ping S] [--per-process K] [--testkit JAR]}
 * (defaults: N = 1000 5000, P = 100000, W = 100, U = 15, R = 10, idle 30 s, ping 15 s, K = 9500,
 * testkit/target/mtflux-testkit.jar; {@code --parked 0} skips the parked part). The warm-up rounds let both JITs
 * compile the wake path (it takes about 15 rounds; until then a wake costs several times the CPU).
 * {@code --testkit-jvm "ARGS"} passes JVM options to the testkit processes; {@code --histogram T} prints the T
 * classes whose live bytes per hot account grew most ({@code jcmd GC.class_histogram}).
 */
public final class AccountMemoryHarness {
    private static final int API_ID = 1;
    private static final String API_HASH = "0123456789abcdef0123456789abcdef";
    private static final Duration WAIT = Duration.ofMinutes(30);
    private static final UsersGetUsers SELF = new UsersGetUsers(List.of(new InputUserSelf()));
    private static final int LOGIN_CONCURRENCY = 64;
    private static final int NUMBERS_PER_DC = 10_000;

    private final Map<String, String> flags;
    private final Path testkitJar;
    private final int perProcess;
    private final ClientResources resources;

    private AccountMemoryHarness(Map<String, String> flags) {
        this.flags = flags;
        this.testkitJar = Path.of(flags.getOrDefault("testkit", "testkit/target/mtflux-testkit.jar"));
        this.perProcess = Integer.parseInt(flags.getOrDefault("per-process", "9500"));
        if (perProcess < 1 || perProcess > NUMBERS_PER_DC) {
            throw new IllegalArgumentException("--per-process must be 1.." + NUMBERS_PER_DC);
        }
        if (!Files.isRegularFile(testkitJar)) {
            throw new IllegalArgumentException(testkitJar + " not found: build it with "
                + "mvn -B -q -DskipTests package -pl bench -am, or pass --testkit");
        }
        this.resources = ClientResources.create();
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        Map<String, String> flags = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                flags.put(args[i].substring(2), args[++i]);
            } else {
                sizes.add(Integer.parseInt(args[i].replace("_", "").replace(",", "")));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1000, 5000);
        }
        AccountMemoryHarness h = new AccountMemoryHarness(flags);
        h.environment();
        double kexMillis = h.keyExchangeMillis();
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("one key exchange on one thread (client + server halves): %.1f ms; bound %d cores / that"
            + " = %.0f exchanges/s%n", kexMillis, cores, cores * 1000 / kexMillis);
        for (int n : sizes) {
            h.hot(n, cores * 1000 / kexMillis);
        }
        h.parked(Integer.parseInt(flags.getOrDefault("parked", "100000")),
            Integer.parseInt(flags.getOrDefault("wakes", "100")), Integer.parseInt(flags.getOrDefault("warmup", "15")),
            Integer.parseInt(flags.getOrDefault("rounds", "10")));
        h.resources.shutdown().block(WAIT);
    }

    private void environment() {
        long fds = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean u
            ? u.getMaxFileDescriptorCount() : -1;
        System.out.printf("JDK %s, %d cores, max heap %d MB, file descriptor limit %d, load average %.1f, GC %s%n",
            Runtime.version(), Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().maxMemory() >> 20, fds,
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
            ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName())
                .collect(Collectors.joining(", ")));
    }

    // ------------------------------------------------------------------ hot

    private void hot(int n, double kexBound) throws Exception {
        int processes = (n + perProcess - 1) / perProcess;
        System.out.printf("%n== hot: %,d accounts, %d testkit process(es)%n", n, processes);
        List<Testkit> kits = new ArrayList<>();
        try {
            for (int p = 0; p < processes; p++) {
                kits.add(Testkit.start(testkitJar, flags.getOrDefault("testkit-jvm", "")));
            }
            InMemorySessionStore store = new InMemorySessionStore();
            List<List<String>> ids = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                int from = p * perProcess;
                int count = Math.min(perProcess, n - from);
                List<String> mine = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    mine.add("acc-" + (from + i));
                }
                ids.add(mine);
            }

            // bring-up: a key exchange and a login each
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            long t0 = System.nanoTime();
            Flux.range(0, processes).flatMap(p -> logIn(kits.get(p), store, ids.get(p), registry)).then().block(WAIT);
            double upSeconds = (System.nanoTime() - t0) / 1e9;
            Timer kex = registry.find("mtproto.key.exchange").timer();
            long exchanges = kex == null ? 0 : kex.count();
            System.out.printf("bring-up: %,d accounts logged in in %.1f s (%.0f accounts/s), %,d key exchanges"
                + " (%.0f/s = %.2f of the bound %.0f/s)%n", n, upSeconds, n / upSeconds, exchanges,
                exchanges / upSeconds, exchanges / upSeconds / kexBound, kexBound);

            long baseline = settledHeap();
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("baseline (store of %,d sessions, nothing connected): heap %.1f MB, %d threads%n", n,
                baseline / 1e6, threadsBefore);
            Map<String, long[]> histogramBefore = flags.containsKey("histogram") ? histogram() : null;

            // the same accounts started hot from the store: a connection on the stored key each
            Duration ping = Duration.ofSeconds(Long.parseLong(flags.getOrDefault("ping", "15")));
            List<AccountManager> managers = new ArrayList<>();
            long t1 = System.nanoTime();
            for (int p = 0; p < processes; p++) {
                managers.add(manager(kits.get(p), store, null, ping, false));
            }
            List<AccountState> states = Flux.range(0, processes).flatMap(p -> {
                AccountManager m = managers.get(p);
                ids.get(p).forEach(id -> m.add(AccountSpec.of(id)));
                return m.startAll().map(AccountSnapshot::state);
            }).collectList().block(WAIT);
            double startSeconds = (System.nanoTime() - t1) / 1e9;
            long authorized = states.stream().filter(s -> s == AccountState.AUTHORIZED).count();
            System.out.printf("started hot from the store: %,d of %,d AUTHORIZED in %.1f s (%.0f accounts/s, no key"
                + " exchange)%n", authorized, n, startSeconds, n / startSeconds);

            long hot = settledHeap();
            int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("HOT: %,d B retained heap per account ((%.1f MB - %.1f MB) / %,d); threads %d before, %d"
                + " after%n", (hot - baseline) / n, hot / 1e6, baseline / 1e6, n, threadsBefore, threadsAfter);
            if (histogramBefore != null) {
                printGrowth(histogramBefore, histogram(), n, Integer.parseInt(flags.get("histogram")));
            }

            int idleSeconds = Integer.parseInt(flags.getOrDefault("idle", "30"));
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long kitCpu0 = kits.stream().mapToLong(Testkit::cpuNanos).sum();
            long wall0 = System.nanoTime();
            Thread.sleep(idleSeconds * 1000L);
            long wall = System.nanoTime() - wall0;
            long cpu = os.getProcessCpuTime() - cpu0;
            long kitCpu = kits.stream().mapToLong(Testkit::cpuNanos).sum() - kitCpu0;
            long stillAuthorized = managers.stream().flatMap(m -> m.snapshot().stream())
                .filter(s -> s.state() == AccountState.AUTHORIZED).count();
            System.out.printf("idle %d s (pings every %d s): this JVM %.2f%% of one core (%.3f ms CPU per account"
                + " per minute), testkit %.2f%%; %,d still AUTHORIZED%n", idleSeconds, ping.toSeconds(),
                100.0 * cpu / wall, cpu / 1e6 / n / (wall / 6e10), 100.0 * kitCpu / wall, stillAuthorized);
            System.out.printf("after the idle window: %,d B per account%n", (settledHeap() - baseline) / n);
            Flux.fromIterable(managers).flatMap(AccountManager::close).then().block(WAIT);
        } finally {
            kits.forEach(Testkit::close);
        }
    }

    /** Logs the accounts in on one testkit process (test numbers 99966 1 XXXX sign up with code 11111). */
    private Mono<Void> logIn(Testkit kit, InMemorySessionStore store, List<String> ids, SimpleMeterRegistry registry) {
        AccountManager m = manager(kit, store, registry, Duration.ofSeconds(60), false);
        ids.forEach(id -> m.add(AccountSpec.of(id)));
        return m.login(Flux.fromIterable(ids), id -> prompts(number(id)), LOGIN_CONCURRENCY)
            .filter(r -> !r.isAuthorized())
            .collectList()
            .flatMap(failed -> {
                if (!failed.isEmpty()) {
                    LoginResult first = failed.get(0);
                    return Mono.error(new IllegalStateException(failed.size() + " logins failed, e.g. "
                        + first.accountId() + ": " + first.error()));
                }
                return Mono.empty();
            })
            .then(m.close());
    }

    /** acc-I logs in as test number 99966 1 XXXX with XXXX = I modulo 10,000 (one testkit process per 10,000). */
    private static String number(String id) {
        int i = Integer.parseInt(id.substring(4));
        return String.format("999661%04d", i % NUMBERS_PER_DC);
    }

    private static LoginPrompts prompts(String phone) {
        return LoginPrompts.builder().phone(phone).code("11111").signUp("Bench", phone.substring(6)).build();
    }

    private AccountManager manager(Testkit kit, InMemorySessionStore store, SimpleMeterRegistry clientRegistry,
                                   Duration ping, boolean startParked) {
        ClientOptions.Builder template = ClientOptions.builder().apiId(API_ID).apiHash(API_HASH)
            .dcOptions(kit.ready.dcOptions()).resources(resources).pingInterval(ping).maxConnectAttempts(20)
            .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2)).equalJitter())
            .requestTimeout(Duration.ofMinutes(2));
        if (clientRegistry != null) {
            template.meterRegistry(clientRegistry);
        }
        return AccountManager.create(AccountManagerOptions.builder().resources(resources).sessionStore(store)
            .clientTemplate(template.build()).startParked(startParked).build());
    }

    // ------------------------------------------------------------------ parked

    private void parked(int total, int wakes, int warmup, int rounds) throws Exception {
        if (total == 0) {
            return; // --parked 0: the hot runs only
        }
        if (wakes < 1 || wakes > total || wakes > NUMBERS_PER_DC) {
            throw new IllegalArgumentException("--wakes must be 1.." + Math.min(total, NUMBERS_PER_DC));
        }
        System.out.printf("%n== parked: %,d accounts, %d of them real and woken at once %d times (after %d warm-up"
            + " rounds)%n", total, wakes, rounds, warmup);
        try (Testkit kit = Testkit.start(testkitJar, flags.getOrDefault("testkit-jvm", ""))) {
            InMemorySessionStore real = new InMemorySessionStore();
            List<String> realIds = new ArrayList<>();
            for (int i = 0; i < wakes; i++) {
                realIds.add("acc-" + i);
            }
            logIn(kit, real, realIds, new SimpleMeterRegistry()).block(WAIT);

            // the store: the real sessions, and cheap ones sharing one made-up key (never woken)
            InMemorySessionStore store = new InMemorySessionStore();
            List<String> ids = new ArrayList<>(total);
            for (String id : realIds) {
                store.save(id, real.load(id).block().withVersion(0)).block();
                ids.add(id);
            }
            byte[] key = new byte[AuthKey.LENGTH];
            RandomSource.secure().nextBytes(key);
            SessionState template = real.load(realIds.get(0)).block();
            DcAuth fake = new DcAuth(AuthKey.of(key), Instant.now(), 1, 0, true);
            int now = (int) (System.currentTimeMillis() / 1000);
            for (int i = wakes; i < total; i++) {
                String id = "parked-" + i;
                store.save(id, SessionState.initial(1, template.dcOptions()).withDc(1, fake)
                    .withUser(1_000_000L + i, false).withUpdateState(new UpdateState(1, 0, now, 0))
                    .withApiCredentials(API_ID, API_HASH)).block();
                ids.add(id);
            }
            long baseline = settledHeap();
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("baseline (store of %,d sessions): heap %.1f MB, %d threads%n", total, baseline / 1e6,
                threadsBefore);

            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            AccountManager m = manager(kit, store, registry, Duration.ofSeconds(60), true);
            long t0 = System.nanoTime();
            for (String id : ids) {
                m.add(AccountSpec.of(id));
            }
            long parked = m.startAll().filter(s -> s.state() == AccountState.PARKED).count().block(WAIT);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long heap = settledHeap();
            int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("registered and started parked: %,d of %,d PARKED in %.1f s%n", parked, total, seconds);
            System.out.printf("PARKED: %,d B retained heap per account ((%.1f MB - %.1f MB) / %,d); threads %d before,"
                + " %d after%n", (heap - baseline) / total, heap / 1e6, baseline / 1e6, total, threadsBefore,
                threadsAfter);

            List<Long> all = new ArrayList<>();
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (int round = 1 - warmup; round <= rounds; round++) {
                long cpu0 = os.getProcessCpuTime();
                long kitCpu0 = kit.cpuNanos();
                long wall0 = System.nanoTime();
                List<Long> micros = Flux.fromIterable(realIds).flatMap(id -> Mono.defer(() -> {
                    long start = System.nanoTime();
                    return m.invoke(id, SELF).map(users -> (System.nanoTime() - start) / 1000);
                }), wakes).collectList().block(WAIT);
                long wall = System.nanoTime() - wall0;
                long cpu = os.getProcessCpuTime() - cpu0;
                long kitCpu = kit.cpuNanos() - kitCpu0;
                if (round > 0) {
                    all.addAll(micros);
                }
                System.out.printf("wake round %s: %d concurrent wakes to the first result: p50 %.1f ms, p99 %.1f ms,"
                    + " max %.1f ms (CPU per wake: this JVM %.2f ms, testkit %.2f ms; all done in %.1f ms)%n",
                    round > 0 ? Integer.toString(round) : "warm-up",
                    micros.size(), percentile(micros, 0.5) / 1000.0, percentile(micros, 0.99) / 1000.0,
                    percentile(micros, 1.0) / 1000.0, cpu / 1e6 / wakes, kitCpu / 1e6 / wakes, wall / 1e6);
                // caught up, then parked again for the next round
                for (String id : realIds) {
                    while (m.state(id) == AccountState.WAKING) {
                        Thread.sleep(1);
                    }
                }
                Flux.fromIterable(realIds).flatMap(m::park, wakes).then().block(WAIT);
                settledHeap();
            }
            Timer kex = registry.find("mtproto.key.exchange").timer();
            System.out.printf("WAKES: %d measured: p50 %.1f ms, p99 %.1f ms; key exchanges during all the wakes: %d"
                + " (load average now %.1f)%n", all.size(), percentile(all, 0.5) / 1000.0,
                percentile(all, 0.99) / 1000.0,
                kex == null ? 0 : kex.count(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            m.close().block(WAIT);
        }
    }

    private static long percentile(List<Long> values, double p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int at = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, at))];
    }

    // ------------------------------------------------------------------ measuring

    /** This JVM's live objects by class ({@code jcmd PID GC.class_histogram}): class to {instances, bytes}. */
    private static Map<String, long[]> histogram() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(ProcessHandle.current().pid()), "GC.class_histogram").redirectErrorStream(true).start();
        Map<String, long[]> byClass = new TreeMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(jcmd.getInputStream(),
            StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":")) {
                    byClass.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                }
            }
        }
        jcmd.waitFor();
        return byClass;
    }

    /** The classes whose live bytes grew most, per account. */
    private static void printGrowth(Map<String, long[]> before, Map<String, long[]> after, int n, int top) {
        record Growth(String type, double count, double bytes) {
        }
        List<Growth> growth = new ArrayList<>();
        after.forEach((type, a) -> {
            long[] b = before.getOrDefault(type, new long[2]);
            growth.add(new Growth(type, (a[0] - b[0]) / (double) n, (a[1] - b[1]) / (double) n));
        });
        growth.sort((x, y) -> Double.compare(y.bytes, x.bytes));
        System.out.printf("live objects per account, the %d classes that grew most:%n", top);
        for (Growth g : growth.subList(0, Math.min(top, growth.size()))) {
            System.out.printf("  %8.1f B %6.2f x %s%n", g.bytes, g.count, g.type);
        }
    }

    /** Heap used after full GCs, once two in a row agree within 1%. */
    private static long settledHeap() throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(300);
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (Math.abs(used - last) < last / 100) {
                return Math.min(used, last);
            }
            last = used;
        }
        return last;
    }

    /** One complete key exchange, client and server halves in memory, timed on this thread (after a warm-up). */
    private double keyExchangeMillis() {
        RsaPrivateKey serverKey = RsaPrivateKey.generateForServer(2048, RandomSource.secure());
        ClientHandshakeSettings client = ClientHandshakeSettings.permanent(2)
            .withKeys(RsaKeyRing.of(serverKey.publicKey()));
        ServerHandshakeSettings server = ServerHandshakeSettings.of(serverKey);
        for (int i = 0; i < 20; i++) {
            exchange(client, server);
        }
        int runs = 40;
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            exchange(client, server);
        }
        return (System.nanoTime() - t0) / 1e6 / runs;
    }

    private static void exchange(ClientHandshakeSettings clientSettings, ServerHandshakeSettings serverSettings) {
        ClientHandshake client = new ClientHandshake(clientSettings);
        ServerHandshake server = new ServerHandshake(serverSettings, RandomSource.secure(),
            () -> System.currentTimeMillis() / 1000);
        ResPQ resPq = Tl.deserialize(Tl.serialize(server.onReqPq(client.begin())), ResPQ::read);
        byte[] reqDh = Tl.serialize(client.onResPq(resPq));
        ServerDHParams dh = Tl.deserialize(Tl.serialize(server.onReqDhParams(
            (ReqDHParams) Tl.deserialize(reqDh))), ServerDHParams::read);
        byte[] set = Tl.serialize(client.onServerDhParams(dh));
        SetClientDHParamsAnswer answer = Tl.deserialize(Tl.serialize(server.onSetClientDhParams(
            (SetClientDHParams) Tl.deserialize(set))), SetClientDHParamsAnswer::read);
        if (!(client.onDhGenAnswer(answer) instanceof DhGenOutcome.Done)) {
            throw new IllegalStateException("the key exchange did not finish");
        }
    }

    // ------------------------------------------------------------------ the testkit process

    /** {@code java -jar mtflux-testkit.jar --dcs 1}: one DC, its ready line read, stopped by closing its stdin. */
    private static final class Testkit implements AutoCloseable {
        final Process process;
        final TestkitReadyLine ready;

        private Testkit(Process process, TestkitReadyLine ready) {
            this.process = process;
            this.ready = ready;
        }

        static Testkit start(Path jar, String jvmArgs) {
            try {
                Path log = Files.createTempFile("mtflux-testkit-", ".log");
                List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseParallelGC",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
                if (!jvmArgs.isBlank()) {
                    command.addAll(List.of(jvmArgs.trim().split("\\s+")));
                }
                command.addAll(List.of("-jar", jar.toString(), "--dcs", "1"));
                Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
                String first = out.readLine();
                while (first != null && !first.startsWith("{")) {
                    first = out.readLine(); // JVM output (say -XX:StartFlightRecording's) before the ready line
                }
                if (first == null) {
                    throw new IllegalStateException("the testkit exited: see " + log);
                }
                // keep reading its events so that its stdout never fills
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // code_sent events: the test numbers' codes are known
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                }, "testkit-stdout");
                drain.setDaemon(true);
                drain.start();
                System.out.printf("testkit pid %d on port %d (stderr in %s)%n", p.pid(),
                    TestkitReadyLine.parse(first).endpoints().get(0).port(), log);
                return new Testkit(p, TestkitReadyLine.parse(first));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long cpuNanos() {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (IOException | InterruptedException e) {
                process.destroy();
            }
        }
    }
}
