package io.mtflux.bench.accounts;

import io.mtflux.accounts.AccountManager;
import io.mtflux.accounts.AccountManagerOptions;
import io.mtflux.accounts.AccountSpec;
import io.mtflux.accounts.LoginResult;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.store.SessionLeases;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import io.mtflux.store.r2dbc.R2dbcSessionStore;
import io.mtflux.store.redis.RedisSessionStore;
import io.mtflux.testkit.TestkitReadyLine;
import io.mtflux.testservers.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;

/**
 * Failover time of the accounts runtime across processes, on Redis and on PostgreSQL: from the SIGKILL of an
 * accounts CLI instance until every account it held is authorized again on another, against the lease ttl; and the
 * hand-over after a SIGTERM.
 *
 * <p>The testkit runs as its own process (the standalone testkit jar) with N users on several DCs; Redis and
 * PostgreSQL are the build's embedded servers ({@link TestServers}), started in this JVM. The N accounts are logged
 * in once per store in this JVM through the accounts runtime's login pipeline ({@link AccountManager#addAndLogin}),
 * which saves them in the store. Then, for each store, each ttl and each repetition, a {@link FailoverRun}: three
 * {@code java -jar mtflux-accounts.jar run} processes serve the store (samples/README.md, "the accounts CLI"), one
 * is killed, one terminated, the last stopped; see there for what is measured and checked. After each run the store
 * must hold no lease and every session its user. A failed check aborts the harness (exit 1) with a message saying
 * which.
 *
 * <p>Run from the repository root after {@code mvn -B -q -pl bench,samples -am package -DskipTests}:
 * {@code java -cp bench/target/mtflux-bench.jar io.mtflux.bench.accounts.AccountsFailoverHarness}; settings are
 * system properties ({@link FailoverSettings}), e.g. {@code -Dbench.accounts.ttls=2s -Dbench.accounts.repetitions=1}
 * for a quick trial.
 */
public final class AccountsFailoverHarness {
    static final int API_ID = 1;
    /** The app's api_hash (a fake one: the testkit takes any); a secret in real life, so never printed. */
    private static final String API_HASH = "0123456789abcdef0123456789abcdef";
    private static final String CODE = "97531";
    private static final int LOGIN_CONCURRENCY = 8;
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final FailoverSettings settings;
    private final Map<String, Integer> homeDcs = new TreeMap<>();
    private final List<FailoverRun.Result> results = new ArrayList<>();
    private TestkitReadyLine ready;
    private Path readyFile;

    private AccountsFailoverHarness(FailoverSettings settings) {
        this.settings = settings;
        for (int i = 0; i < settings.users(); i++) {
            homeDcs.put(id(i), 1 + i % settings.dcs());
        }
    }

    public static void main(String[] args) throws Exception {
        Path benchJar = Path.of(AccountsFailoverHarness.class.getProtectionDomain().getCodeSource().getLocation()
            .toURI());
        FailoverSettings settings;
        try {
            settings = FailoverSettings.from(System.getProperties(), Path.of("").toAbsolutePath(), benchJar);
        } catch (IllegalArgumentException e) {
            System.err.println("AccountsFailoverHarness: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            new AccountsFailoverHarness(settings).run();
        } catch (HarnessFailure e) {
            System.out.flush();
            System.err.println("AccountsFailoverHarness FAILED: " + e.getMessage());
            System.err.println("(the processes' stderr files are in " + settings.dir() + ")");
            System.exit(1);
        } catch (Exception e) {
            // the client and server threads would keep the JVM alive: exit
            e.printStackTrace();
            System.err.println("AccountsFailoverHarness FAILED: " + e + " (the processes' stderr files are in "
                + settings.dir() + ")");
            System.exit(1);
        }
        if (System.getProperty("bench.accounts.dir") == null) {
            deleteTree(settings.dir());
        }
        System.exit(0);
    }

    /** Removes the temporary directory of a run that passed (a named one stays). */
    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String id(int i) {
        return "fo" + i;
    }

    static String phone(int i) {
        return "+1555078" + (1000 + i);
    }

    private void run() throws Exception {
        System.out.printf("accounts failover: %d accounts on %d DCs, stores %s, ttls %s, %d runs each; %d cores,"
                + " JDK %s%n", settings.users(), settings.dcs(), settings.stores(),
            settings.ttls().stream().map(t -> t.toMillis() + " ms").toList(), settings.repetitions(),
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf("accounts CLI %s, testkit %s, child JVM flags %s, files in %s%n", settings.accountsJar(),
            settings.testkitJar(), settings.jvmFlags(), settings.dir());
        try (ChildProcess testkit = startTestkit()) {
            for (String store : settings.stores()) {
                runStore(store);
            }
            System.out.println();
            FailoverSummary.table(results, System.out);
            testkit.closeStdin();
            int exit = testkit.awaitExit(WAIT);
            if (exit != 0) {
                throw new HarnessFailure("the testkit exited " + exit + " at the end of its stdin; its stderr:\n"
                    + testkit.stderr());
            }
        }
    }

    /** The testkit jar with every user, its ready line written to {@link #readyFile} for the instances. */
    private ChildProcess startTestkit() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-jar", settings.testkitJar().toString(), "--dcs", Integer.toString(settings.dcs())));
        for (int i = 0; i < settings.users(); i++) {
            command.addAll(List.of("--user", "phone=" + phone(i) + ",dc=" + homeDcs.get(id(i)) + ",first=Fail,last=Over"
                + i + ",code=" + CODE));
        }
        CompletableFuture<String> first = new CompletableFuture<>();
        long starting = System.nanoTime();
        // later lines are code_sent events (holding login codes): read and dropped, never printed
        ChildProcess testkit = ChildProcess.start("testkit", settings.dir(), command, l -> first.complete(l.text()));
        try {
            String line = first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            ready = TestkitReadyLine.parse(line);
            readyFile = settings.dir().resolve("testkit.jsonl");
            Files.writeString(readyFile, line + "\n", StandardCharsets.US_ASCII);
        } catch (TimeoutException e) {
            testkit.close();
            throw new HarnessFailure("the testkit printed no ready line within " + WAIT.toSeconds() + " s; its"
                + " stderr:\n" + testkit.stderr());
        } catch (IllegalArgumentException e) {
            testkit.close();
            throw new HarnessFailure("the testkit's first line is no ready line: " + e.getMessage());
        }
        System.out.printf("testkit: %d DCs %s ready after %d ms (process %s)%n", ready.endpoints().size(),
            ready.endpoints().stream().map(d -> d.dcId() + "@" + d.port()).toList(),
            Duration.ofNanos(System.nanoTime() - starting).toMillis(), testkit.name());
        return testkit;
    }

    private void runStore(String store) throws Exception {
        long starting = System.nanoTime();
        String url = store.equals("redis") ? TestServers.redisUri(1) : TestServers.newPostgresDatabase("fobench");
        SessionStore admin = store.equals("redis") ? RedisSessionStore.connect(url).block(WAIT)
            : R2dbcSessionStore.connect(url).block(WAIT);
        System.out.printf("%n%s: server up after %d ms (%s)%n", store,
            Duration.ofNanos(System.nanoTime() - starting).toMillis(), url);
        try {
            Map<String, Long> users = logIn(store, admin);
            for (Duration ttl : settings.ttls()) {
                for (int r = 1; r <= settings.repetitions(); r++) {
                    FailoverRun.Result result = new FailoverRun(settings, store, url, ttl, r, readyFile, users, homeDcs)
                        .run();
                    System.out.println(FailoverSummary.line(result));
                    results.add(result);
                    checkStore(store, admin, users, ttl);
                }
            }
        } finally {
            if (admin instanceof RedisSessionStore redis) {
                redis.close().block(WAIT);
            } else if (admin instanceof R2dbcSessionStore database) {
                database.close().block(WAIT);
            }
        }
    }

    /**
     * Logs every account in through the login pipeline, in this JVM, saving each session in {@code store}; the
     * store then lists them.
     *
     * @return account to user id
     */
    private Map<String, Long> logIn(String name, SessionStore store) {
        long starting = System.nanoTime();
        ClientOptions template = ClientOptions.builder().apiId(API_ID).apiHash(API_HASH).dcOptions(ready.dcOptions())
            .build();
        AccountManager manager = AccountManager.create(AccountManagerOptions.builder().sessionStore(store)
            .clientTemplate(template).build());
        List<LoginResult> logins;
        try {
            logins = manager.addAndLogin(Flux.range(0, settings.users()).map(i -> AccountSpec.of(id(i))),
                id -> LoginPrompts.builder().phone(phone(Integer.parseInt(id.substring(2)))).code(CODE).build(),
                LOGIN_CONCURRENCY).collectList().block(WAIT);
        } finally {
            manager.close().block(WAIT);
        }
        for (LoginResult r : logins) {
            if (!r.isAuthorized()) {
                throw new HarnessFailure(name + ": the login of " + r.accountId() + " failed: "
                    + r.failure().map(e -> e.getClass().getSimpleName()).orElse("?"));
            }
        }
        List<String> listed = store.accountIds().collectList().block(WAIT);
        if (listed == null || !new HashSet<>(listed).equals(homeDcs.keySet())) {
            throw new HarnessFailure(name + ": the store lists " + listed + ", not the " + settings.users()
                + " accounts logged in");
        }
        Map<String, Long> users = new TreeMap<>();
        for (String id : homeDcs.keySet()) {
            SessionState s = store.load(id).block(WAIT);
            if (s == null || s.userId() == null || s.homeDc() != homeDcs.get(id)) {
                throw new HarnessFailure(name + ": " + id + " is not stored as logged in on DC " + homeDcs.get(id));
            }
            users.put(id, s.userId());
        }
        if (new HashSet<>(users.values()).size() != users.size()) {
            throw new HarnessFailure(name + ": two accounts logged in as one user");
        }
        System.out.printf("%s: %d accounts logged in through the login pipeline in %d ms, listed by the store%n",
            name, users.size(), Duration.ofNanos(System.nanoTime() - starting).toMillis());
        return users;
    }

    /**
     * After a run: no lease is left (the killed instance's expire within its ttl, the others were released) and
     * every session is still in the store as its user.
     */
    private void checkStore(String name, SessionStore store, Map<String, Long> users, Duration ttl)
        throws InterruptedException {
        long deadline = System.nanoTime() + ttl.multipliedBy(2).plusSeconds(10).toNanos();
        Map<String, String> holders = ((SessionLeases) store).leaseHolders("").block(WAIT);
        while (holders != null && !holders.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            holders = ((SessionLeases) store).leaseHolders("").block(WAIT);
        }
        if (holders == null || !holders.isEmpty()) {
            throw new HarnessFailure(name + ": leases left in the store after the run: " + holders);
        }
        for (Map.Entry<String, Long> e : users.entrySet()) {
            SessionState s = store.load(e.getKey()).block(WAIT);
            if (s == null || !e.getValue().equals(s.userId())) {
                throw new HarnessFailure(name + ": " + e.getKey() + " is no longer stored as user " + e.getValue());
            }
        }
    }
}
