package io.mtflux.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.store.SessionLeases;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Several {@link AccountManager} instances in one JVM sharing one real store with leases (BlockHound on), against a
 * testkit cluster: {@link #ACCOUNTS} accounts logged in first, then served by three instances (each account on
 * exactly one, a fair share each), one instance closed (its accounts taken over), one cut off from the store as if
 * it crashed (its leases expire, its clients close, the others take over within ttl + one renew interval), a new
 * instance joining (a gradual rebalance). Throughout: fencing tokens of each account strictly increase and no two
 * instances run the same account authorized at once (from the events), and no session is lost or rolled back
 * (versions in the store only grow, the user stays).
 */
abstract class AccountLeasesContract {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Duration TTL = Duration.ofSeconds(2);
    static final Duration RENEW = TTL.dividedBy(3);
    static final int ACCOUNTS = 30;
    private static final String CODE = "31415";
    /** Scheduling slack on 2 busy cores, added to the bounds on timings. */
    private static final Duration SLACK = Duration.ofMillis(400);

    private static TestCluster cluster;
    private static ClientResources resources;

    /** One state change seen on one instance. */
    record Seen(String instance, AccountEvent event) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, AccountManager> running = new ConcurrentHashMap<>();
    private final Map<String, PartitionableStore> links = new ConcurrentHashMap<>();
    private final List<SessionStore> opened = new CopyOnWriteArrayList<>();

    /** A new connection to this test's store (its own namespace on the shared server). */
    protected abstract SessionStore openStore() throws Exception;

    protected abstract void closeStore(SessionStore store) throws Exception;

    static String id(int i) {
        return "acc-" + i;
    }

    static String phone(int i) {
        return "+1555" + (9_100_000 + i);
    }

    @BeforeAll
    static void startCluster() {
        TestCluster.Builder b = Testkit.cluster().dcs(2);
        for (int i = 0; i < ACCOUNTS; i++) {
            b.user(TestUser.of(phone(i)).dc(1 + i % 2).name("Lease", Integer.toString(i)).code(CODE));
        }
        cluster = b.start().block(WAIT);
        resources = ClientResources.builder().ioThreads(2).build();
    }

    @AfterAll
    static void stopCluster() {
        resources.shutdown().block(WAIT);
        cluster.stop().block(WAIT);
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AccountManager m : running.values()) {
            m.close().block(WAIT);
        }
        for (SessionStore s : opened) {
            closeStore(s);
        }
    }

    private AccountManager instance(String name, SimpleMeterRegistry registry) throws Exception {
        SessionStore raw = openStore();
        opened.add(raw);
        PartitionableStore link = new PartitionableStore(raw);
        AccountManager m = AccountManager.create(AccountManagerOptions.builder().resources(resources)
            .sessionStore(link).clientTemplate(AccountManagerTest.template(cluster)).instance(name).leaseTtl(TTL)
            .serveStore(true).meterRegistry(registry).build());
        m.events().subscribe(e -> seen.add(new Seen(name, e)));
        running.put(name, m);
        links.put(name, link);
        return m;
    }

    @Test
    void accountsSpreadFailOverAndRebalanceAcrossInstances() throws Exception {
        SessionStore admin = openStore();
        opened.add(admin);
        AccountManager login = AccountManager.create(AccountManagerOptions.builder().resources(resources)
            .sessionStore(admin).clientTemplate(AccountManagerTest.template(cluster)).build());
        List<LoginResult> results = login.addAndLogin(Flux.range(0, ACCOUNTS).map(i -> AccountSpec.of(id(i))),
            id -> LoginPrompts.builder().phone(phone(Integer.parseInt(id.substring(4)))).code(CODE).build(), 10)
            .collectList().block(WAIT);
        assertThat(results).hasSize(ACCOUNTS).allMatch(LoginResult::isAuthorized);
        login.close().block(WAIT);
        assertThat(admin.accountIds().collectList().block(WAIT)).hasSize(ACCOUNTS).doesNotHaveDuplicates();
        Map<String, Long> versions = versionsNotBelow(admin, Map.of());

        // three instances serve the store: every account on exactly one, 10 each
        SimpleMeterRegistry metricsA = new SimpleMeterRegistry();
        SimpleMeterRegistry metricsC = new SimpleMeterRegistry();
        AccountManager a = instance("a", metricsA);
        AccountManager b = instance("b", new SimpleMeterRegistry());
        AccountManager c = instance("c", metricsC);
        Flux.merge(a.startAll(), b.startAll(), c.startAll()).then().block(WAIT);
        Map<String, String> where = awaitSpread(Set.of("a", "b", "c"), 10, 10);
        checkFencesAndNoOverlap();
        versions = versionsNotBelow(admin, versions);
        long onA = where.values().stream().filter("a"::equals).count();
        assertThat(metricsA.get("mtproto.accounts.leases").gauge().value()).isEqualTo(onA);
        assertThat(metricsA.get("mtproto.accounts.leases.acquired").counter().count()).isGreaterThanOrEqualTo(onA);
        assertThat(metricsA.get("mtproto.accounts.leases.renew").tag("outcome", "ok").timer().count()).isPositive();

        // a closes: its leases are released and its accounts taken over by b and c
        Set<String> fromA = accountsOn(where, "a");
        int mark = seen.size();
        long closing = System.nanoTime();
        a.close().block(WAIT);
        running.remove("a");
        where = awaitSpread(Set.of("b", "c"), 15, 15);
        Duration tookOver = Duration.ofNanos(System.nanoTime() - closing);
        System.out.printf("graceful close: %d accounts of a taken over in %d ms%n", fromA.size(), tookOver.toMillis());
        List<Seen> since = seen.subList(mark, seen.size());
        for (String id : fromA) {
            assertThat(since).anyMatch(s -> s.instance().equals("a") && s.event().accountId().equals(id)
                && s.event().to() == AccountState.STOPPED);
            assertThat(since).anyMatch(s -> !s.instance().equals("a") && s.event().accountId().equals(id)
                && s.event().to() == AccountState.AUTHORIZED);
        }
        assertThat(since).noneMatch(s -> s.event().to() == AccountState.LEASE_LOST);
        checkFencesAndNoOverlap();
        versions = versionsNotBelow(admin, versions);

        // c is cut off from the store (a crash as the store sees it): no renewal, no release
        Set<String> fromC = accountsOn(where, "c");
        mark = seen.size();
        Instant cutAt = Instant.now();
        links.get("c").cut();
        where = awaitSpread(Set.of("b"), ACCOUNTS, ACCOUNTS);
        System.out.printf("crash: %d accounts of c taken over %d ms after the cut (ttl %d ms, renew %d ms)%n",
            fromC.size(), Duration.between(cutAt, Instant.now()).toMillis(), TTL.toMillis(), RENEW.toMillis());
        since = List.copyOf(seen.subList(mark, seen.size()));
        for (String id : fromC) {
            AccountEvent lost = first(since, "c", id, AccountState.LEASE_LOST);
            AccountEvent stopped = first(since, "c", id, AccountState.STOPPED);
            AccountEvent taken = first(since, "b", id, AccountState.CONNECTING);
            // c stops writing within the ttl of its last renewal, and closes the client right away
            assertThat(lost.at()).isBefore(cutAt.plus(TTL).plus(SLACK));
            assertThat(lost.reason()).contains("lost").doesNotContain(CODE);
            assertThat(stopped.at()).isBefore(lost.at().plus(RENEW));
            // b takes the lease within ttl + one renew interval of the crash, only after c let it go
            assertThat(taken.at()).isBefore(cutAt.plus(TTL).plus(RENEW).plus(SLACK)).isAfter(lost.at());
            assertThat(taken.fence()).isGreaterThan(lost.fence());
        }
        assertThat(metricsC.get("mtproto.accounts.leases.lost").counter().count()).isEqualTo(fromC.size());
        assertThat(running.get("c").snapshot()).noneMatch(AccountSnapshot::leased);
        c.close().block(WAIT);
        running.remove("c");
        checkFencesAndNoOverlap();
        versions = versionsNotBelow(admin, versions);

        // d joins: b gives accounts back a few at a time, each moves once, none is lost
        mark = seen.size();
        AccountManager d = instance("d", new SimpleMeterRegistry());
        d.startAll().then().block(WAIT);
        where = awaitSpread(Set.of("b", "d"), 15, 15);
        since = List.copyOf(seen.subList(mark, seen.size()));
        assertThat(since).noneMatch(s -> s.event().to() == AccountState.LEASE_LOST);
        Map<String, Long> releases = since.stream()
            .filter(s -> s.instance().equals("b") && s.event().to() == AccountState.STOPPED)
            .collect(Collectors.groupingBy(s -> s.event().accountId(), Collectors.counting()));
        assertThat(releases.values()).allMatch(n -> n == 1);
        assertThat(releases).hasSize(15);
        assertThat(since).filteredOn(s -> s.instance().equals("b") && s.event().to() == AccountState.STOPPED)
            .allMatch(s -> s.event().reason().startsWith("released to rebalance"));
        // gradual: the first round gives back at most half the excess, not all of it
        Instant firstRelease = since.stream().filter(s -> s.instance().equals("b")
            && s.event().to() == AccountState.STOPPED).map(s -> s.event().at()).min(Comparator.naturalOrder())
            .orElseThrow();
        long inFirstRound = since.stream().filter(s -> s.instance().equals("b")
            && s.event().to() == AccountState.STOPPED && s.event().at().isBefore(firstRelease.plus(RENEW.dividedBy(2))))
            .count();
        assertThat(inFirstRound).isLessThanOrEqualTo(8);
        checkFencesAndNoOverlap();
        versions = versionsNotBelow(admin, versions);

        // closing releases every lease (c's have expired)
        b.close().block(WAIT);
        d.close().block(WAIT);
        running.clear();
        assertThat(((SessionLeases) admin).leaseHolders("").block(WAIT)).isEmpty();
        versionsNotBelow(admin, versions);
    }

    private static Set<String> accountsOn(Map<String, String> where, String instance) {
        return where.entrySet().stream().filter(e -> e.getValue().equals(instance)).map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    }

    private static AccountEvent first(List<Seen> events, String instance, String account, AccountState to) {
        return events.stream().filter(s -> s.instance().equals(instance) && s.event().accountId().equals(account)
                && s.event().to() == to).map(Seen::event).findFirst()
            .orElseThrow(() -> new AssertionError("no " + to + " of " + account + " on " + instance));
    }

    /**
     * Waits until every account runs authorized under its lease on exactly one of {@code instances}, each with
     * {@code min} to {@code max} accounts, and none runs on any other instance.
     *
     * @return account to instance
     */
    private Map<String, String> awaitSpread(Set<String> instances, int min, int max) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            Map<String, List<String>> on = new TreeMap<>();
            running.forEach((name, m) -> m.snapshot().stream()
                .filter(s -> s.state() == AccountState.AUTHORIZED && s.leased())
                .forEach(s -> on.computeIfAbsent(s.accountId(), k -> new ArrayList<>()).add(name)));
            Map<String, Integer> counts = new HashMap<>();
            on.values().forEach(list -> list.forEach(n -> counts.merge(n, 1, Integer::sum)));
            boolean done = on.size() == ACCOUNTS && on.values().stream().allMatch(l -> l.size() == 1)
                && counts.keySet().equals(instances)
                && counts.values().stream().allMatch(n -> n >= min && n <= max);
            if (done) {
                Map<String, String> where = new TreeMap<>();
                on.forEach((id, list) -> where.put(id, list.get(0)));
                return where;
            }
            last = on.size() + " running, per instance " + counts;
            Thread.sleep(50);
        }
        throw new AssertionError("accounts not spread over " + instances + " as " + min + ".." + max + ": " + last);
    }

    /**
     * From the events: each account's leases were taken with strictly increasing fencing tokens, and its
     * authorized runs on different instances never overlap (a run ends at its LEASE_LOST or STOPPED).
     */
    private void checkFencesAndNoOverlap() {
        Map<String, List<Seen>> byAccount = seen.stream()
            .collect(Collectors.groupingBy(s -> s.event().accountId()));
        byAccount.forEach((id, events) -> {
            List<AccountEvent> starts = events.stream().map(Seen::event)
                .filter(e -> e.to() == AccountState.CONNECTING)
                .sorted(Comparator.comparing(AccountEvent::at)).toList();
            for (int i = 1; i < starts.size(); i++) {
                assertThat(starts.get(i).fence()).as("fences of %s", id).isGreaterThan(starts.get(i - 1).fence());
            }
            List<Instant[]> runs = new ArrayList<>();
            Map<String, Instant> open = new HashMap<>();
            for (Seen s : events) {
                AccountEvent e = s.event();
                if (e.to() == AccountState.AUTHORIZED && !open.containsKey(s.instance())) {
                    open.put(s.instance(), e.at());
                } else if ((e.to() == AccountState.LEASE_LOST || e.to() == AccountState.STOPPED)
                    && open.containsKey(s.instance())) {
                    runs.add(new Instant[] {open.remove(s.instance()), e.at()});
                }
            }
            open.values().forEach(start -> runs.add(new Instant[] {start, Instant.MAX}));
            runs.sort(Comparator.comparing(r -> r[0]));
            for (int i = 1; i < runs.size(); i++) {
                assertThat(runs.get(i)[0]).as("authorized runs of %s must not overlap", id)
                    .isAfterOrEqualTo(runs.get(i - 1)[1]);
            }
        });
    }

    /** Every account still stored with its user, at a version no older than before. */
    private static Map<String, Long> versionsNotBelow(SessionStore store, Map<String, Long> before) {
        Map<String, Long> now = new HashMap<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            SessionState s = store.load(id(i)).block(WAIT);
            assertThat(s).as("session of %s", id(i)).isNotNull();
            assertThat(s.userId()).as("user of %s", id(i)).isNotNull();
            assertThat(s.version()).as("version of %s", id(i)).isGreaterThanOrEqualTo(before.getOrDefault(id(i), 1L));
            now.put(id(i), s.version());
        }
        return now;
    }
}
