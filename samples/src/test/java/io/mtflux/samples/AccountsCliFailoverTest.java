package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.accounts.AccountState;
import io.mtflux.core.store.SessionLeases;
import io.mtflux.core.store.SessionState;
import io.mtflux.store.url.OpenedSessionStore;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.cli.JsonLines;
import io.mtflux.testservers.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three accounts CLI processes sharing one real store, once on Redis and once on PostgreSQL (both started here),
 * against a testkit cluster: {@link #ACCOUNTS} accounts logged in through the login CLI, spread over the three
 * instances; the one holding most is killed (SIGKILL) and its accounts come back on the others within the lease ttl
 * + one renew interval (+ slack); another gets SIGTERM, hands its accounts over and exits 0; the last one ends up
 * with all of them. Throughout, read from the processes' JSON lines: a newer AUTHORIZED of an account carries a
 * strictly greater fence, and the instance that had it before said STOPPED or LEASE_LOST first or was dead. After:
 * every session is still in the store, authorized as the same user, at a version no older than after its login.
 */
class AccountsCliFailoverTest {
    static final int ACCOUNTS = 30;
    /**
     * Accounts logged in by login CLI processes; the others go through the same entry point in this JVM
     * ({@link LoginCli#run}), 30 JVM starts being too slow on 2 busy cores.
     */
    static final int LOGIN_PROCESSES = 3;
    static final Duration TTL = Duration.ofSeconds(2);
    static final Duration RENEW = TTL.dividedBy(3);
    /** Time to connect and check the sessions, and scheduling on 2 cores busy with four JVMs and the servers. */
    static final Duration SLACK = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CODE = "97531";
    private static TestCluster cluster;
    private static Path ready;

    @TempDir
    Path dir;
    private final List<CliProcess> started = new CopyOnWriteArrayList<>();

    static String id(int i) {
        return "a" + i;
    }

    static String phone(int i) {
        return "+1555042" + (1000 + i);
    }

    @BeforeAll
    static void startCluster(@TempDir Path keys) throws Exception {
        TestCluster.Builder b = Testkit.cluster().dcs(2);
        for (int i = 0; i < ACCOUNTS; i++) {
            b.user(TestUser.of(phone(i)).dc(1 + i % 2).name("Fail", "Over" + i).code(CODE));
        }
        cluster = b.start().block(WAIT);
        ready = keys.resolve("testkit.jsonl");
        Files.writeString(ready, JsonLines.ready(cluster) + "\n");
    }

    @AfterAll
    static void stopCluster() {
        cluster.stop().block(WAIT);
    }

    @AfterEach
    void destroyLeftovers() {
        started.forEach(CliProcess::destroy);
    }

    @Test
    void redis() throws Exception {
        failover("redis", TestServers.redisUri(1));
    }

    @Test
    void postgres() throws Exception {
        failover("postgres", TestServers.newPostgresDatabase("acli_failover"));
    }

    /** Which instance last reported an account AUTHORIZED, under which fence. */
    private record Holder(String instance, long fence) {
    }

    /**
     * Follows every line of every instance as it is read: the current state of each account on each instance, and
     * the safety rule of the lease change (a violation is kept, and fails the test at the next check).
     */
    private static final class Watch {
        final Map<String, Map<String, String>> states = new HashMap<>();
        final Map<String, Holder> lastAuthorized = new HashMap<>();
        /** instance + " " + account: the instance said STOPPED or LEASE_LOST since its last AUTHORIZED. */
        final Set<String> ended = new HashSet<>();
        final Set<String> dead = ConcurrentHashMap.newKeySet();
        final List<String> violations = new CopyOnWriteArrayList<>();
        final List<CliProcess.Line> all = new CopyOnWriteArrayList<>();

        synchronized void on(CliProcess.Line line) {
            all.add(line);
            if (line.fields() == null) {
                violations.add("not a JSON line: " + line.raw());
                return;
            }
            String account = line.get("account");
            if (account == null) {
                return;
            }
            String instance = line.get("instance");
            String state = line.get("state");
            states.computeIfAbsent(account, k -> new HashMap<>()).put(instance, state);
            if (state.equals("STOPPED") || state.equals("LEASE_LOST")) {
                ended.add(instance + " " + account);
            } else if (state.equals("AUTHORIZED")) {
                long fence = line.number("fence");
                Holder before = lastAuthorized.get(account);
                boolean same = before != null && before.instance().equals(instance) && before.fence() == fence;
                if (before != null && !same) {
                    if (fence <= before.fence()) {
                        violations.add(account + ": AUTHORIZED on " + instance + " with fence " + fence
                            + " after fence " + before.fence() + " on " + before.instance());
                    }
                    if (!ended.contains(before.instance() + " " + account) && !dead.contains(before.instance())) {
                        violations.add(account + ": AUTHORIZED on " + instance + " (fence " + fence + ") while "
                            + before.instance() + " (fence " + before.fence() + ") neither stopped it nor died");
                    }
                }
                lastAuthorized.put(account, new Holder(instance, fence));
                ended.remove(instance + " " + account);
            }
        }

        /** Account to the live instances whose last line about it says AUTHORIZED. */
        synchronized Map<String, List<String>> holders() {
            Map<String, List<String>> on = new TreeMap<>();
            states.forEach((account, byInstance) -> byInstance.forEach((instance, state) -> {
                if (state.equals("AUTHORIZED") && !dead.contains(instance)) {
                    on.computeIfAbsent(account, k -> new ArrayList<>()).add(instance);
                }
            }));
            return on;
        }

        /** When {@code instance} first reported {@code state} for {@code account} after {@code since}, or -1. */
        long first(String account, String instance, String state, long since) {
            return all.stream().filter(l -> l.fields() != null && l.nanos() >= since
                    && account.equals(l.get("account")) && instance.equals(l.get("instance"))
                    && state.equals(l.get("state")))
                .mapToLong(CliProcess.Line::nanos).min().orElse(-1);
        }
    }

    private CliProcess instance(String name, String url, Watch watch) throws Exception {
        CliProcess p = CliProcess.start(name, dir, AccountsCli.class, List.of("run", "--store", url, "--instance",
            name, "--lease-ttl", TTL.toMillis() + "ms", "--testkit", ready.toString()), watch::on);
        started.add(p);
        return p;
    }

    /**
     * Waits until every account is AUTHORIZED on exactly one live instance, only on {@code instances}, each
     * holding {@code min} to {@code max}.
     *
     * @return account to instance
     */
    private static Map<String, String> awaitSpread(Watch watch, Set<String> instances, int min, int max,
                                                   Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            assertThat(watch.violations).isEmpty();
            Map<String, List<String>> on = watch.holders();
            Map<String, Integer> counts = new TreeMap<>();
            on.values().forEach(list -> list.forEach(n -> counts.merge(n, 1, Integer::sum)));
            boolean done = on.size() == ACCOUNTS && on.values().stream().allMatch(l -> l.size() == 1)
                && instances.containsAll(counts.keySet())
                && counts.values().stream().allMatch(n -> n >= min && n <= max);
            if (done) {
                Map<String, String> where = new TreeMap<>();
                on.forEach((account, list) -> where.put(account, list.get(0)));
                return where;
            }
            last = on.size() + " authorized, per instance " + counts;
            Thread.sleep(20);
        }
        throw new AssertionError("not every account authorized once on " + instances + " (" + min + ".." + max
            + " each) within " + timeout + ": " + last);
    }

    private void failover(String name, String url) throws Exception {
        long began = System.nanoTime();
        // opening it first creates the schema, before the logins open the store at once
        OpenedSessionStore admin = StoreOption.openShared(url, "--store", Map.of());
        try {
            Map<String, Long> users = logIn(url);
            Map<String, Long> versions = new HashMap<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                SessionState s = admin.store().load(id(i)).block(WAIT);
                assertThat(s.userId()).isEqualTo(users.get(id(i)));
                versions.put(id(i), s.version());
            }
            System.out.printf("%s: %d accounts logged in (%d by login CLI processes) in %d ms%n", name, ACCOUNTS,
                LOGIN_PROCESSES, Duration.ofNanos(System.nanoTime() - began).toMillis());
            run(name, url, admin, users, versions);
            System.out.printf("%s: the whole scenario took %d ms%n", name,
                Duration.ofNanos(System.nanoTime() - began).toMillis());
        } finally {
            admin.close().block(WAIT);
        }
    }

    /** Logs every account in: the first {@link #LOGIN_PROCESSES} as processes, the rest in this JVM. */
    private Map<String, Long> logIn(String url) throws Exception {
        Map<String, Long> users = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                int n = i;
                List<String> args = List.of("--api-id", "1", "--api-hash", AccountsCliProcessTest.HASH, "--testkit",
                    ready.toString(), "--session", url, "--account", id(n), "--phone", phone(n), "--code", CODE,
                    "--json");
                done.add(pool.submit(() -> {
                    users.put(id(n), n < LOGIN_PROCESSES ? Logins.asProcess(dir, "login-" + id(n), args)
                        : Logins.inProcess(args));
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(users).hasSize(ACCOUNTS);
        assertThat(new HashSet<>(users.values())).hasSize(ACCOUNTS);
        return users;
    }

    private void run(String name, String url, OpenedSessionStore admin, Map<String, Long> users,
                     Map<String, Long> versions) throws Exception {
        Watch watch = new Watch();
        Map<String, CliProcess> live = new LinkedHashMap<>();
        long starting = System.nanoTime();
        for (String instance : List.of("i1", "i2", "i3")) {
            live.put(instance, instance(instance, url, watch));
        }
        // spread: every account on exactly one instance, the fair share (10) each
        Map<String, String> where = awaitSpread(watch, live.keySet(), ACCOUNTS / 3, ACCOUNTS / 3, WAIT);
        System.out.printf("%s: three instances started, %d accounts spread 10/10/10 after %d ms%n", name, ACCOUNTS,
            Duration.ofNanos(System.nanoTime() - starting).toMillis());
        for (String account : where.keySet()) {
            CliProcess.Line in = lastAuthorized(watch, account);
            assertThat(in.number("user_id")).as(account).isEqualTo(users.get(account));
            assertThat(in.number("dc")).as(account).isEqualTo(1 + Integer.parseInt(account.substring(1)) % 2);
            assertThat(in.number("fence")).as(account).isPositive();
        }

        // SIGKILL the instance holding most: its leases expire, the others take its accounts
        String victim = mostLoaded(where);
        Set<String> fromVictim = accountsOn(where, victim);
        watch.dead.add(victim);
        long killedAt = System.nanoTime();
        live.remove(victim).kill();
        where = awaitSpread(watch, live.keySet(), 1, ACCOUNTS, WAIT);
        long firstTaken = Long.MAX_VALUE;
        long lastAuthorized = 0;
        for (String account : fromVictim) {
            String now = where.get(account);
            long taken = watch.first(account, now, "CONNECTING", killedAt);
            long in = watch.first(account, now, "AUTHORIZED", killedAt);
            assertThat(taken).as(account).isPositive();
            firstTaken = Math.min(firstTaken, taken);
            lastAuthorized = Math.max(lastAuthorized, in);
        }
        Duration failover = Duration.ofNanos(lastAuthorized - killedAt);
        Duration earliest = Duration.ofNanos(firstTaken - killedAt);
        System.out.printf("%s: SIGKILL of %s (%d accounts): first taken over after %d ms, all authorized again on %s"
            + " after %d ms (lease ttl %d ms, renew every %d ms)%n", name, victim, fromVictim.size(),
            earliest.toMillis(), live.keySet(), failover.toMillis(), TTL.toMillis(), RENEW.toMillis());
        // (no lower bound on the takeover: a renewal delayed on a busy machine lets a lease end early, legitimately;
        // a takeover while the holder still ran would be a violation of the watch)
        assertThat(failover).isLessThan(TTL.plus(RENEW).plus(SLACK));

        // SIGTERM the one holding most of the rest: it hands its accounts over and exits 0
        String leaving = mostLoaded(where);
        Set<String> fromLeaving = accountsOn(where, leaving);
        CliProcess termed = live.remove(leaving);
        int before = termed.lines.size();
        long termedAt = System.nanoTime();
        termed.term();
        assertThat(termed.awaitExit(WAIT)).as(termed.stderr()).isZero();
        String last = live.keySet().iterator().next();
        where = awaitSpread(watch, Set.of(last), ACCOUNTS, ACCOUNTS, WAIT);
        long handedOver = fromLeaving.stream().mapToLong(a -> watch.first(a, last, "AUTHORIZED", termedAt)).max()
            .orElseThrow();
        System.out.printf("%s: SIGTERM of %s (%d accounts): exit 0, all authorized on %s after %d ms%n", name, leaving,
            fromLeaving.size(), last, Duration.ofNanos(handedOver - termedAt).toMillis());
        List<CliProcess.Line> farewell = termed.lines.subList(before, termed.lines.size());
        for (String account : fromLeaving) {
            assertThat(farewell).as("%s stopped by %s", account, leaving)
                .anyMatch(AccountsCliProcessTest.state(account, AccountState.STOPPED));
        }
        assertThat(farewell).noneMatch(l -> "LEASE_LOST".equals(l.get("state")));

        // the last one stops at the end of its stdin, releasing everything
        CliProcess closing = live.remove(last);
        closing.closeStdin();
        assertThat(closing.awaitExit(WAIT)).as(closing.stderr()).isZero();
        assertThat(watch.holders()).isEmpty();
        assertThat(watch.violations).isEmpty();
        for (CliProcess p : started) {
            AccountsCliProcessTest.contractLines(p);
        }

        // no session lost or rolled back; no lease left
        for (int i = 0; i < ACCOUNTS; i++) {
            SessionState s = admin.store().load(id(i)).block(WAIT);
            assertThat(s).as(id(i)).isNotNull();
            assertThat(s.userId()).as(id(i)).isEqualTo(users.get(id(i)));
            assertThat(s.version()).as(id(i)).isGreaterThanOrEqualTo(versions.get(id(i)));
        }
        assertThat(((SessionLeases) admin.store()).leaseHolders("").block(WAIT)).isEmpty();
    }

    private static CliProcess.Line lastAuthorized(Watch watch, String account) {
        return watch.all.stream().filter(l -> l.fields() != null && account.equals(l.get("account"))
            && "AUTHORIZED".equals(l.get("state"))).reduce((a, b) -> b).orElseThrow();
    }

    private static String mostLoaded(Map<String, String> where) {
        Map<String, Long> counts = where.values().stream()
            .collect(Collectors.groupingBy(n -> n, TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
            .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey();
    }

    private static Set<String> accountsOn(Map<String, String> where, String instance) {
        return where.entrySet().stream().filter(e -> e.getValue().equals(instance)).map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    }
}
