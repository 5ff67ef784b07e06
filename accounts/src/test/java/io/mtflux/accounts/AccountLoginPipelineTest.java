package io.mtflux.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mtflux.auth.CodeAnswer;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.auth.PhoneNumberBannedException;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.testkit.LoginLimits;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bulk login pipeline on a 3-DC cluster: {@link #ACCOUNTS} accounts (every third on the start DC, the others
 * migrating; every tenth with 2FA; every seventh flood-limited once; every fiftieth banned) with concurrency
 * {@link #CONCURRENCY}: each ends authorized or with its typed error, flood-limited ones wait in FLOOD_WAIT while the
 * others proceed, and never more than {@link #CONCURRENCY} logins run at once.
 */
class AccountLoginPipelineTest {
    /** The 1,000 in the build (accounts/pom.xml); -Daccounts.bulk=200 for a quicker local run. */
    static final int ACCOUNTS = Integer.getInteger("accounts.bulk", 1000);
    static final int CONCURRENCY = 32;
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final String CODE = "13579";

    private static TestCluster cluster;
    private static ClientResources resources;

    static String phone(int i) {
        return "+1555" + (8_000_000 + i);
    }

    static boolean twoFactor(int i) {
        return i % 10 == 0;
    }

    static boolean floodLimited(int i) {
        return i % 7 == 3;
    }

    static boolean banned(int i) {
        return i % 50 == 49;
    }

    @BeforeAll
    static void start() {
        // one code per phone per 2 s: a login that asks for a second code (a resend) gets FLOOD_WAIT_1..2
        TestCluster.Builder b = Testkit.cluster().dcs(3)
            .limits(LoginLimits.defaults().withSendCodesPerPhone(1).withFloodWindow(Duration.ofSeconds(2)));
        for (int i = 0; i < ACCOUNTS; i++) {
            TestUser u = TestUser.of(phone(i)).dc(1 + i % 3).name("Bulk", Integer.toString(i)).code(CODE);
            b.user(twoFactor(i) ? u.password("pw" + i, null) : u);
        }
        cluster = b.start().block(WAIT);
        for (int i = 0; i < ACCOUNTS; i++) {
            if (banned(i)) {
                cluster.banUser(phone(i));
            }
        }
        resources = ClientResources.builder().ioThreads(2).build();
    }

    @AfterAll
    static void stop() {
        resources.shutdown().block(WAIT);
        cluster.stop().block(WAIT);
    }

    @Test
    void manyAccountsLogInWithBoundedConcurrencyAndPerAccountFloodWaits() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AccountManager m = AccountManager.create(AccountManagerOptions.builder().resources(resources)
            .sessionStore(new InMemorySessionStore()).clientTemplate(AccountManagerTest.template(cluster))
            .meterRegistry(registry).build());
        List<AccountEvent> events = new CopyOnWriteArrayList<>();
        m.events().subscribe(events::add);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        m.events().subscribe(e -> {
            if (e.to() == AccountState.LOGGING_IN) {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            } else if (e.from() == AccountState.LOGGING_IN) {
                running.decrementAndGet();
            }
        });
        Map<String, AtomicBoolean> resendFirst = new ConcurrentHashMap<>();
        long start = System.nanoTime();

        List<LoginResult> results = m.addAndLogin(
            Flux.range(0, ACCOUNTS).map(i -> AccountSpec.of("acc-" + i)),
            id -> {
                int i = Integer.parseInt(id.substring(4));
                AtomicBoolean resend = resendFirst.computeIfAbsent(id, x -> new AtomicBoolean(floodLimited(i)));
                LoginPrompts.Builder p = LoginPrompts.builder().phone(phone(i))
                    .codeAnswer(sent -> Mono.just(resend.getAndSet(false) ? CodeAnswer.resend()
                        : CodeAnswer.of(CODE)));
                return (twoFactor(i) ? p.password("pw" + i) : p).build();
            }, CONCURRENCY).collectList().block(WAIT);

        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.printf("%d accounts logged in with concurrency %d in %d ms%n", ACCOUNTS, CONCURRENCY, millis);
        try {
            assertThat(results).hasSize(ACCOUNTS);
            assertThat(results.stream().map(LoginResult::accountId).distinct().count()).isEqualTo(ACCOUNTS);
            Map<Boolean, List<LoginResult>> byBan = results.stream()
                .collect(Collectors.partitioningBy(r -> banned(Integer.parseInt(r.accountId().substring(4)))));
            assertThat(byBan.get(false)).allSatisfy(r -> assertThat(r.isAuthorized()).as("%s", r).isTrue());
            assertThat(byBan.get(true)).isNotEmpty().allSatisfy(r ->
                assertThat(r.error()).isInstanceOf(PhoneNumberBannedException.class));
            assertThat(maxRunning.get()).isBetween(2, CONCURRENCY);

            // every flood-limited account waited in FLOOD_WAIT (with its end) and came back to log in
            List<String> flooded = IntStream.range(0, ACCOUNTS).filter(i -> floodLimited(i) && !banned(i))
                .mapToObj(i -> "acc-" + i).toList();
            assertThat(flooded).isNotEmpty().allSatisfy(id -> {
                List<AccountEvent> mine = events.stream().filter(e -> e.accountId().equals(id)).toList();
                AccountEvent wait = mine.stream().filter(e -> e.to() == AccountState.FLOOD_WAIT).findFirst()
                    .orElseThrow(() -> new AssertionError(id + " never waited: " + mine));
                assertThat(wait.from()).isEqualTo(AccountState.LOGGING_IN);
                assertThat(wait.floodWaitUntil()).hasValueSatisfying(u -> assertThat(u).isAfter(wait.at()));
                assertThat(mine.get(mine.size() - 1).to()).isEqualTo(AccountState.AUTHORIZED);
                assertThat(mine).extracting(AccountEvent::to).contains(AccountState.NEEDS_LOGIN);
            });
            assertThat(events.stream().filter(e -> e.to() == AccountState.FLOOD_WAIT)
                .map(AccountEvent::accountId).collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(flooded);

            long bannedCount = byBan.get(true).size();
            assertThat(m.snapshot()).hasSize(ACCOUNTS);
            assertThat(m.snapshot().stream().filter(s -> s.state() == AccountState.AUTHORIZED).count())
                .isEqualTo(ACCOUNTS - bannedCount);
            assertThat(registry.get("mtproto.accounts").tag("state", "AUTHORIZED").gauge().value())
                .isEqualTo(ACCOUNTS - bannedCount);
            assertThat(registry.get("mtproto.accounts").tag("state", "BANNED").gauge().value())
                .isEqualTo(bannedCount);
            assertThat(registry.get("mtproto.accounts.logins").tag("outcome", "ok").counter().count())
                .isEqualTo(ACCOUNTS - bannedCount);
            assertThat(registry.get("mtproto.accounts.logins").tag("outcome", "PhoneNumberBannedException").counter()
                .count()).isEqualTo(bannedCount);
        } finally {
            m.close().block(WAIT);
        }
    }
}
