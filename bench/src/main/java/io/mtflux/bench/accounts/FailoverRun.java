package io.mtflux.bench.accounts;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One run of the failover scenario on one store with one lease ttl: three accounts CLI processes serve the store;
 * once every account is authorized on exactly one of them, spread evenly, the one holding most is killed (SIGKILL)
 * and the time until the last of its accounts is authorized on another is measured; then the one holding most of the
 * rest gets SIGTERM, and the time until all its accounts are authorized on the last one is measured, with its exit
 * code (must be 0); the last one stops at the end of its stdin (exit 0). Every line goes through an
 * {@link AccountWatch}; a violation or a step that does not finish in time aborts with a {@link HarnessFailure}.
 */
final class FailoverRun {
    /** Time to start the JVMs, connect and log the sessions in again on 2 busy cores, added to the timeouts. */
    private static final Duration SLACK = Duration.ofSeconds(60);
    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 10;

    /**
     * What one run measured.
     *
     * @param store {@code redis} or {@code postgres}
     * @param ttl the lease ttl
     * @param repetition 1, 2, ...
     * @param spread from the start of the three processes to every account authorized once, evenly spread
     * @param killed the instance killed and its accounts
     * @param killedAccounts how many accounts it held
     * @param firstTakeover from the SIGKILL to the first of its accounts CONNECTING on another instance
     * @param failover from the SIGKILL to the last of its accounts AUTHORIZED on another instance
     * @param termed the instance stopped with SIGTERM
     * @param termedAccounts how many accounts it held
     * @param handover from the SIGTERM to the last of its accounts AUTHORIZED on the last instance
     * @param termExit from the SIGTERM to its exit
     * @param termExitCode its exit code (0, or the run failed)
     */
    record Result(String store, Duration ttl, int repetition, Duration spread, String killed, int killedAccounts,
                  Duration firstTakeover, Duration failover, String termed, int termedAccounts, Duration handover,
                  Duration termExit, int termExitCode) {
    }

    private final FailoverSettings settings;
    private final String store;
    private final String storeUrl;
    private final Duration ttl;
    private final int repetition;
    private final Path readyFile;
    private final AccountWatch watch;
    private final int accounts;

    /**
     * @param storeUrl the {@code --store} value of the instances
     * @param readyFile the testkit's ready line, for {@code --testkit}
     * @param users each account's user id, from its login
     * @param homeDcs each account's home DC
     */
    FailoverRun(FailoverSettings settings, String store, String storeUrl, Duration ttl, int repetition,
                Path readyFile, Map<String, Long> users, Map<String, Integer> homeDcs) {
        this.settings = settings;
        this.store = store;
        this.storeUrl = storeUrl;
        this.ttl = ttl;
        this.repetition = repetition;
        this.readyFile = readyFile;
        this.watch = new AccountWatch(users, homeDcs);
        this.accounts = users.size();
    }

    /** Runs the scenario; every process it started is gone when it returns or throws. */
    Result run() throws IOException, InterruptedException {
        String prefix = store + "-" + ttl.toMillis() + "ms-r" + repetition + "-";
        Map<String, ChildProcess> live = new LinkedHashMap<>();
        List<ChildProcess> started = new ArrayList<>();
        try {
            long starting = System.nanoTime();
            for (String n : List.of("a", "b", "c")) {
                ChildProcess p = instance(prefix + n);
                started.add(p);
                live.put(p.name(), p);
            }
            int share = (accounts + 2) / 3;
            Map<String, String> where = awaitSpread(live, accounts - 2 * share, share,
                SLACK.plus(ttl.multipliedBy(10)), "the three instances to spread the accounts evenly");
            Duration spread = since(starting);

            // SIGKILL the instance holding most: its leases expire, the others take its accounts
            String victim = mostLoaded(where);
            Set<String> fromVictim = accountsOn(where, victim);
            watch.killed(victim);
            long killedAt = System.nanoTime();
            live.remove(victim).kill();
            where = awaitSpread(live, 0, accounts, SLACK.plus(ttl.multipliedBy(3)),
                "the accounts of " + victim + " to be authorized on the others after its SIGKILL");
            long firstTaken = Long.MAX_VALUE;
            long lastAuthorized = 0;
            for (String account : fromVictim) {
                String now = where.get(account);
                long taken = watch.first(account, now, AccountWatch.CONNECTING, killedAt);
                long in = watch.first(account, now, AccountWatch.AUTHORIZED, killedAt);
                if (in < 0) {
                    throw new HarnessFailure(account + " is authorized on " + now + " with no AUTHORIZED line after"
                        + " the SIGKILL of " + victim);
                }
                firstTaken = Math.min(firstTaken, taken < 0 ? in : taken);
                lastAuthorized = Math.max(lastAuthorized, in);
            }

            // SIGTERM the one holding most of the rest: it hands its accounts over to the last one and exits 0
            String leaving = mostLoaded(where);
            Set<String> fromLeaving = accountsOn(where, leaving);
            ChildProcess termed = live.remove(leaving);
            String last = live.keySet().iterator().next();
            long termedAt = System.nanoTime();
            termed.terminate();
            int exit = termed.awaitExit(EXIT);
            Duration termExit = since(termedAt);
            if (exit != 0) {
                throw new HarnessFailure(leaving + " exited " + exit + " after SIGTERM (expected 0); its stderr:\n"
                    + termed.stderr());
            }
            checkFarewell(leaving, fromLeaving, termedAt);
            awaitSpread(live, accounts, accounts, SLACK.plus(ttl.multipliedBy(3)),
                "the accounts of " + leaving + " to be authorized on " + last + " after its SIGTERM");
            long handedOver = 0;
            for (String account : fromLeaving) {
                long in = watch.first(account, last, AccountWatch.AUTHORIZED, termedAt);
                if (in < 0) {
                    throw new HarnessFailure(account + " is authorized on " + last + " with no AUTHORIZED line after"
                        + " the SIGTERM of " + leaving);
                }
                handedOver = Math.max(handedOver, in);
            }

            // the last one stops at the end of its stdin
            ChildProcess closing = live.remove(last);
            closing.closeStdin();
            int lastExit = closing.awaitExit(EXIT);
            if (lastExit != 0) {
                throw new HarnessFailure(last + " exited " + lastExit + " at the end of its stdin (expected 0); its"
                    + " stderr:\n" + closing.stderr());
            }
            watch.check();
            if (!watch.holders().isEmpty()) {
                throw new HarnessFailure("accounts still AUTHORIZED after every instance stopped: "
                    + watch.holders().keySet());
            }
            return new Result(store, ttl, repetition, spread, victim, fromVictim.size(),
                Duration.ofNanos(firstTaken - killedAt), Duration.ofNanos(lastAuthorized - killedAt), leaving,
                fromLeaving.size(), Duration.ofNanos(handedOver - termedAt), termExit, exit);
        } finally {
            started.forEach(ChildProcess::close);
        }
    }

    private ChildProcess instance(String name) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings.jvmFlags());
        command.addAll(List.of("-jar", settings.accountsJar().toString(), "run", "--store", storeUrl, "--instance",
            name, "--lease-ttl", ttl.toMillis() + "ms", "--testkit", readyFile.toString()));
        return ChildProcess.start(name, settings.dir(), command, watch::on);
    }

    /**
     * Waits until every account is AUTHORIZED on exactly one live instance, only on {@code live}, each holding
     * {@code min} to {@code max} of them.
     *
     * @return account to instance
     * @throws HarnessFailure on a violation, an instance that exits, or the timeout (saying what it waited for)
     */
    private Map<String, String> awaitSpread(Map<String, ChildProcess> live, int min, int max, Duration timeout,
                                            String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = "nothing yet";
        while (System.nanoTime() < deadline) {
            watch.check();
            for (ChildProcess p : live.values()) {
                if (!p.isAlive()) {
                    throw new HarnessFailure(p.name() + " exited while it should run (while waiting for " + what
                        + "); its stderr:\n" + p.stderr());
                }
            }
            Map<String, List<String>> on = watch.holders();
            Map<String, Integer> counts = new TreeMap<>();
            on.values().forEach(list -> list.forEach(n -> counts.merge(n, 1, Integer::sum)));
            boolean done = on.size() == accounts && on.values().stream().allMatch(l -> l.size() == 1)
                && live.keySet().containsAll(counts.keySet())
                && live.keySet().stream().allMatch(n -> counts.getOrDefault(n, 0) >= min
                    && counts.getOrDefault(n, 0) <= max);
            if (done) {
                Map<String, String> where = new TreeMap<>();
                on.forEach((account, list) -> where.put(account, list.get(0)));
                return where;
            }
            long twice = on.values().stream().filter(l -> l.size() > 1).count();
            seen = on.size() + " of " + accounts + " authorized (" + twice + " on two instances), per instance "
                + counts;
            Thread.sleep(POLL_MILLIS);
        }
        throw new HarnessFailure(store + ", ttl " + ttl.toMillis() + " ms, run " + repetition + ": no end to waiting"
            + " for " + what + " within " + timeout.toSeconds() + " s (" + min + ".." + max + " each on "
            + live.keySet() + "); last seen: " + seen);
    }

    /** The leaving instance said STOPPED for each of its accounts after the SIGTERM, and lost no lease. */
    private void checkFarewell(String leaving, Set<String> fromLeaving, long termedAt) {
        List<AccountWatch.Event> after = watch.since(leaving, termedAt);
        Set<String> stopped = after.stream().filter(e -> e.state().equals(AccountWatch.STOPPED))
            .map(AccountWatch.Event::account).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(fromLeaving);
        missing.removeAll(stopped);
        if (!missing.isEmpty()) {
            throw new HarnessFailure(leaving + " exited after SIGTERM without a STOPPED line for " + missing);
        }
        if (after.stream().anyMatch(e -> e.state().equals(AccountWatch.LEASE_LOST))) {
            throw new HarnessFailure(leaving + " lost a lease while it stopped after SIGTERM: its leases should have"
                + " been released");
        }
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    /** The instance holding most accounts; of equal ones the first by name. */
    static String mostLoaded(Map<String, String> where) {
        Map<String, Long> counts = where.values().stream()
            .collect(Collectors.groupingBy(n -> n, TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
            .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey();
    }

    private static Set<String> accountsOn(Map<String, String> where, String instance) {
        return where.entrySet().stream().filter(e -> e.getValue().equals(instance)).map(Map.Entry::getKey)
            .collect(Collectors.toCollection(TreeSet::new));
    }
}
