package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.accounts.AccountState;
import io.mtflux.core.store.SessionState;
import io.mtflux.store.file.FileSessionStore;
import io.mtflux.store.redis.RedisSessionStore;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.cli.JsonLines;
import io.mtflux.testservers.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accounts CLI as a process against a testkit cluster: bad flags exit 2, a store that cannot be opened exits 1,
 * the end of stdin and SIGTERM stop it cleanly (exit 0, every account STOPPED, its leases released), the JSON lines
 * are the contract's, and API credentials come from the session first, from the flags where it has none.
 */
class AccountsCliProcessTest {
    static final String HASH = "0123456789abcdef0123456789abcdef";
    static final String CODE = "24680";
    /** The keys of a line, in their order (each optional one may be missing). */
    static final List<String> KEYS = List.of("event", "account", "state", "instance", "user_id", "dc", "fence");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TestCluster cluster;
    private static Path ready;

    @TempDir
    Path dir;
    private final List<CliProcess> started = new ArrayList<>();

    private static String phone(int i) {
        return "+1555031" + (1000 + i);
    }

    @BeforeAll
    static void start(@TempDir Path keys) throws Exception {
        TestCluster.Builder b = Testkit.cluster().dcs(3);
        for (int i = 0; i < 8; i++) {
            b.user(TestUser.of(phone(i)).dc(i % 4 == 1 ? 3 : 2).name("Proc", Integer.toString(i)).code(CODE));
        }
        cluster = b.start().block(WAIT);
        ready = keys.resolve("testkit.jsonl");
        Files.writeString(ready, JsonLines.ready(cluster) + "\n");
    }

    @AfterAll
    static void stop() {
        cluster.stop().block(WAIT);
    }

    @AfterEach
    void destroyLeftovers() {
        started.forEach(CliProcess::destroy);
    }

    /** Logs user {@code i} in as {@code account} of {@code store} (the login CLI, in this JVM). */
    static long login(Path ready, String store, String account, String phone) {
        return Logins.inProcess(List.of("--api-id", "1", "--api-hash", HASH, "--testkit", ready.toString(),
            "--session", store, "--account", account, "--phone", phone, "--code", CODE, "--json"));
    }

    private CliProcess accounts(String instance, String store, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--store", store, "--instance", instance, "--lease-ttl",
            "2s", "--testkit", ready.toString()));
        args.addAll(Arrays.asList(more));
        CliProcess p = CliProcess.start(instance, dir, AccountsCli.class, args, line -> { });
        started.add(p);
        return p;
    }

    private CliProcess raw(String name, String... args) throws Exception {
        CliProcess p = CliProcess.start(name, dir, AccountsCli.class, List.of(args), line -> { });
        started.add(p);
        p.closeStdin();
        return p;
    }

    /** Waits until a line of {@code p} matches. */
    static CliProcess.Line await(CliProcess p, Predicate<CliProcess.Line> match, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (CliProcess.Line l : p.lines) {
                if (l.fields() != null && match.test(l)) {
                    return l;
                }
            }
            if (!p.process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line of " + p.name + " for " + what + "; lines " + p.lines.stream()
            .map(CliProcess.Line::raw).toList() + "; stderr:\n" + p.stderr());
    }

    static Predicate<CliProcess.Line> state(String account, AccountState state) {
        return l -> account.equals(l.get("account")) && state.name().equals(l.get("state"));
    }

    /** Every line is a JSON object of the contract: the keys in their order, ASCII, a known event and state. */
    static void contractLines(CliProcess p) {
        assertThat(p.lines).isNotEmpty();
        assertThat(p.lines.get(0).raw()).isEqualTo("{\"event\":\"ready\",\"instance\":\"" + p.name + "\"}");
        Set<String> states = Arrays.stream(AccountState.values()).map(Enum::name).collect(Collectors.toSet());
        for (CliProcess.Line l : p.lines.subList(1, p.lines.size())) {
            assertThat(l.fields()).as("a JSON line: %s", l.raw()).isNotNull();
            assertThat(l.raw().chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
            List<String> keys = new ArrayList<>(l.fields().keySet());
            assertThat(keys).as(l.raw()).containsSubsequence("event", "account", "state", "instance")
                .isSubsetOf(KEYS);
            assertThat(KEYS.stream().filter(keys::contains).toList()).as("key order of %s", l.raw()).isEqualTo(keys);
            assertThat(l.get("event")).isEqualTo("account");
            assertThat(l.get("instance")).isEqualTo(p.name);
            assertThat(states).contains(l.get("state"));
        }
    }

    /** The last line of each account is STOPPED, after its AUTHORIZED line, under the same fence. */
    private static void endsStopped(CliProcess p, Set<String> accounts) {
        Map<String, CliProcess.Line> last = new LinkedHashMap<>();
        p.lines.stream().filter(l -> l.fields() != null && l.get("account") != null)
            .forEach(l -> last.put(l.get("account"), l));
        assertThat(last.keySet()).containsExactlyInAnyOrderElementsOf(accounts);
        for (String id : accounts) {
            CliProcess.Line authorized = p.lines.stream().filter(state(id, AccountState.AUTHORIZED)).findFirst()
                .orElseThrow();
            assertThat(last.get(id).get("state")).as("%s in %s; stderr:%n%s", id,
                p.lines.stream().map(CliProcess.Line::raw).toList(), p.stderr()).isEqualTo("STOPPED");
            assertThat(last.get(id).number("fence")).isEqualTo(authorized.number("fence")).isPositive();
        }
    }

    @Test
    void badFlagsExitWith2AndTheUsage() throws Exception {
        String store = Files.createDirectories(dir.resolve("s")).toString();
        Map<String, CliProcess> runs = new LinkedHashMap<>();
        runs.put("no command", raw("none"));
        runs.put("unknown command 'serve'", raw("cmd", "serve", "--store", store));
        runs.put("unknown flag --bogus", raw("flag", "run", "--store", store, "--bogus"));
        runs.put("--lease-ttl needs a value", raw("value", "run", "--store", store, "--lease-ttl"));
        runs.put("--lease-ttl must be an ISO-8601 duration", raw("ttl", "run", "--store", store, "--lease-ttl",
            "10 seconds"));
        runs.put("--api-id must be a number", raw("number", "run", "--store", store, "--api-id", "x", "--api-hash",
            HASH));
        runs.put("--store URL is required", raw("store", "run", "--instance", "a"));
        runs.put("--store must be a directory, an r2dbc: URL or a redis:// URL", raw("string", "run", "--store",
            "string:"));
        for (Map.Entry<String, CliProcess> run : runs.entrySet()) {
            CliProcess p = run.getValue();
            assertThat(p.awaitExit(WAIT)).as(run.getKey()).isEqualTo(2);
            assertThat(p.stderr()).contains("mtflux-accounts: " + run.getKey()).contains("usage: mtflux-accounts run")
                .doesNotContain(HASH);
            assertThat(p.lines).as("nothing on stdout").isEmpty();
        }
    }

    @Test
    void aStoreThatCannotBeOpenedExitsWith1() throws Exception {
        CliProcess missing = raw("missing", "run", "--store", dir.resolve("nowhere").toString());
        CliProcess closed = raw("closed", "run", "--store", "redis://:secret@127.0.0.1:" + TestServers.freePort());
        assertThat(missing.awaitExit(WAIT)).isEqualTo(1);
        assertThat(missing.stderr()).contains("mtflux-accounts: cannot open the store: --store "
            + dir.resolve("nowhere") + ": no such directory");
        assertThat(closed.awaitExit(WAIT)).isEqualTo(1);
        assertThat(closed.stderr()).contains("mtflux-accounts: cannot open the store: --store redis://127.0.0.1:")
            .doesNotContain("secret");
        assertThat(missing.lines).isEmpty();
        assertThat(closed.lines).isEmpty();
    }

    @Test
    void theEndOfStdinStopsEveryAccountAndExitsWith0() throws Exception {
        String store = Files.createDirectories(dir.resolve("sessions")).toString();
        long u0 = login(ready, store, "s0", phone(0));
        long u1 = login(ready, store, "s1", phone(1));
        CliProcess cli = accounts("solo", store);
        CliProcess.Line in0 = await(cli, state("s0", AccountState.AUTHORIZED), "s0 authorized");
        CliProcess.Line in1 = await(cli, state("s1", AccountState.AUTHORIZED), "s1 authorized");
        assertThat(in0.raw()).matches("\\{\"event\":\"account\",\"account\":\"s0\",\"state\":\"AUTHORIZED\","
            + "\"instance\":\"solo\",\"user_id\":" + u0 + ",\"dc\":2,\"fence\":\\d+}");
        // s1's home is DC 3: the session says so, the line too
        assertThat(in1.number("user_id")).isEqualTo(u1);
        assertThat(in1.number("dc")).isEqualTo(3);

        cli.closeStdin();
        assertThat(cli.awaitExit(WAIT)).as(cli.stderr()).isZero();
        contractLines(cli);
        endsStopped(cli, Set.of("s0", "s1"));
        assertThat(cli.stderr()).contains("stopping (stdin closed)").doesNotContain(HASH).doesNotContain(CODE);
        assertThat(String.join("\n", cli.lines.stream().map(CliProcess.Line::raw).toList())).doesNotContain(HASH);
    }

    @Test
    void sigtermReleasesTheLeasesAndExitsWith0() throws Exception {
        String url = TestServers.redisUri(2);
        long u2 = login(ready, url, "r2", phone(2));
        long u3 = login(ready, url, "r3", phone(3));
        CliProcess cli = accounts("termed", url);
        await(cli, state("r2", AccountState.AUTHORIZED), "r2 authorized");
        await(cli, state("r3", AccountState.AUTHORIZED), "r3 authorized");
        RedisSessionStore store = RedisSessionStore.builder(url).connect().block(WAIT);
        try {
            // the membership lease has a ttl of 1.33 s here (the accounts' 2 s less one renew interval): a loaded
            // machine may let it lapse for a moment before the next balancer round takes it again, so wait for it
            Map<String, String> holders = Map.of();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            do {
                holders = store.leaseHolders("").block(WAIT);
                if (holders.containsKey("mtflux.instance:termed")) {
                    break;
                }
                Thread.sleep(100);
            } while (System.nanoTime() < deadline);
            assertThat(holders).containsEntry("r2", "termed").containsEntry("r3", "termed")
                .containsEntry("mtflux.instance:termed", "termed");

            cli.term();
            assertThat(cli.awaitExit(WAIT)).as(cli.stderr()).isZero();
            contractLines(cli);
            endsStopped(cli, Set.of("r2", "r3"));
            assertThat(cli.stderr()).contains("stopping (the JVM is shutting down (SIGTERM))");
            // released, not left to expire
            assertThat(store.leaseHolders("").block(WAIT)).isEmpty();
            assertThat(store.load("r2").block(WAIT).userId()).isEqualTo(u2);
            assertThat(store.load("r3").block(WAIT).userId()).isEqualTo(u3);
        } finally {
            store.close().block(WAIT);
        }
    }

    @Test
    void credentialsComeFromTheSessionAndTheFlagsFillIn() throws Exception {
        Path sessions = Files.createDirectories(dir.resolve("creds"));
        long u4 = login(ready, sessions.toString(), "c4", phone(4));
        FileSessionStore files = FileSessionStore.directory(sessions).build();
        SessionState saved = files.load("c4").block(WAIT);
        assertThat(saved.apiId()).isEqualTo(1);
        // a session that saved no credentials (as an imported one)
        files.save("c4", saved.withApiCredentials(null, null)).block(WAIT);

        CliProcess bare = accounts("bare", sessions.toString());
        await(bare, state("c4", AccountState.STOPPED), "c4 cannot start");
        bare.closeStdin();
        assertThat(bare.awaitExit(WAIT)).as(bare.stderr()).isZero();
        assertThat(bare.lines).noneMatch(state("c4", AccountState.AUTHORIZED));
        contractLines(bare);

        CliProcess filled = accounts("filled", sessions.toString(), "--api-id", "1", "--api-hash", HASH);
        assertThat(await(filled, state("c4", AccountState.AUTHORIZED), "c4 authorized").number("user_id"))
            .isEqualTo(u4);
        filled.closeStdin();
        assertThat(filled.awaitExit(WAIT)).as(filled.stderr()).isZero();
        contractLines(filled);
        assertThat(filled.stderr()).doesNotContain(HASH);
        // the session ran with them, and keeps them from its next save on
        SessionState after = files.load("c4").block(WAIT);
        assertThat(after.userId()).isEqualTo(u4);
        assertThat(after.version()).isGreaterThan(saved.version());
        assertThat(after.apiId()).isEqualTo(1);
    }
}
