package io.mtflux.accounts;

import static io.mtflux.accounts.AccountManagerTest.await;
import static io.mtflux.accounts.AccountManagerTest.prompts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.rpc.UnauthorizedException;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.tl.api.BaseMessage;
import io.mtflux.core.tl.api.BaseUpdates;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.Update;
import io.mtflux.core.tl.api.UpdateNewMessage;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import io.mtflux.testkit.server.KeyLog;
import io.mtflux.testkit.server.KeyUse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

/**
 * Hot and parked accounts against a testkit cluster (BlockHound on): a parked account holds no client and is woken
 * by a call, which gets its answer, while the updates the testkit wrote for the user meanwhile come through
 * {@code updates.getDifference} on {@code updates()}, in order, once, before later pushes; concurrent calls share one
 * wake; no key exchange on a wake; idle parking, the wake schedule, starting parked, a failed wake, a revocation met
 * on a wake, and a parked account's lease.
 */
class AccountParkingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final UsersGetUsers SELF = new UsersGetUsers(List.of(new InputUserSelf()));
    private static final String ANN = "+1 555 710 0001";
    private static final String BEN = "+1 555 710 0002";
    private static final String CAT = "+1 555 710 0003";
    private static final String DAN = "+1 555 710 0004";
    private static final String EVE = "+1 555 710 0005";
    private static final String FAY = "+1 555 710 0006";
    private static final String GUS = "+1 555 710 0007";
    private static final String HAL = "+1 555 710 0008";

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(2).user(
        TestUser.of(ANN).dc(2).name("Ann", "P").code("24680"),
        TestUser.of(BEN).dc(2).name("Ben", "P").code("24680"),
        TestUser.of(CAT).dc(2).name("Cat", "P").code("24680"),
        TestUser.of(DAN).dc(2).name("Dan", "P").code("24680"),
        TestUser.of(EVE).dc(2).name("Eve", "P").code("24680"),
        TestUser.of(FAY).dc(2).name("Fay", "P").code("24680"),
        TestUser.of(GUS).dc(2).name("Gus", "P").code("24680"),
        TestUser.of(HAL).dc(2).name("Hal", "P").code("24680")));

    private static ClientResources resources;
    private final List<AccountManager> managers = new ArrayList<>();

    @BeforeAll
    static void resources() {
        resources = ClientResources.builder().ioThreads(2).build();
    }

    @AfterAll
    static void shutdown() {
        resources.shutdown().block(WAIT);
    }

    @AfterEach
    void close() {
        managers.forEach(m -> m.close().block(WAIT));
    }

    private AccountManager manager(TestCluster cluster, SessionStore store, SimpleMeterRegistry registry,
                                   Consumer<AccountManagerOptions.Builder> more) {
        AccountManagerOptions.Builder b = AccountManagerOptions.builder().resources(resources).sessionStore(store)
            .clientTemplate(AccountManagerTest.template(cluster));
        if (registry != null) {
            b.meterRegistry(registry);
        }
        more.accept(b);
        AccountManager m = AccountManager.create(b.build());
        managers.add(m);
        return m;
    }

    /** Logs the account in and makes one call, after which the testkit pushes the user's updates to its session. */
    private static void logIn(AccountManager m, String id, String phone) {
        m.add(AccountSpec.of(id));
        LoginResult r = m.login(id, prompts(phone)).block(WAIT);
        assertThat(r.isAuthorized()).as("%s", r).isTrue();
        assertThat(m.invoke(id, SELF).block(WAIT)).hasSize(1);
    }

    private static long renewals(SimpleMeterRegistry registry) {
        io.micrometer.core.instrument.Timer t = registry.find("mtproto.accounts.leases.renew").tag("outcome", "ok")
            .timer();
        return t == null ? 0 : t.count();
    }

    /** The Saved Messages texts of one account's updates, in the order they came. */
    private static List<String> texts(List<AccountUpdate> updates, String id) {
        List<String> out = new ArrayList<>();
        for (AccountUpdate u : updates) {
            if (u.accountId().equals(id) && u.updates() instanceof BaseUpdates b) {
                for (Update update : b.updates()) {
                    if (update instanceof UpdateNewMessage m && m.message() instanceof BaseMessage msg) {
                        out.add(msg.message());
                    }
                }
            }
        }
        return out;
    }

    private static List<String> moves(List<AccountEvent> events, String id) {
        return events.stream().filter(e -> e.accountId().equals(id)).map(e -> e.from() + ">" + e.to()).toList();
    }

    private static long keysCreated(TestCluster cluster) {
        long n = 0;
        for (int dc = 1; dc <= cluster.dcCount(); dc++) {
            KeyLog log = cluster.dc(dc).keyLog();
            n += log.permanentKeysCreated() + log.temporaryKeysCreated();
        }
        return n;
    }

    @Test
    void aParkedAccountWokenByACallGetsItsAnswerAndTheUpdatesItMissedInOrderOnce(TestCluster cluster) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AccountManager m = manager(cluster, new InMemorySessionStore(), registry, b -> { });
        List<AccountEvent> events = new CopyOnWriteArrayList<>();
        List<AccountUpdate> updates = new CopyOnWriteArrayList<>();
        m.events().subscribe(events::add);
        m.updates().subscribe(updates::add);
        logIn(m, "ann", ANN);
        long user = m.snapshot("ann").userId();

        cluster.writeSavedMessage(ANN, "hot 1");
        await(() -> texts(updates, "ann").contains("hot 1"));
        assertThat(registry.get("mtproto.accounts.hot").gauge().value()).isEqualTo(1.0);

        m.park("ann").block(WAIT);
        assertThat(m.state("ann")).isEqualTo(AccountState.PARKED);
        assertThat(m.snapshot("ann").userId()).isEqualTo(user);
        assertThat(registry.get("mtproto.accounts.parked").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("mtproto.accounts.hot").gauge().value()).isZero();
        m.park("ann").block(WAIT); // parking a parked account does nothing

        for (int i = 1; i <= 3; i++) {
            cluster.writeSavedMessage(ANN, "parked " + i);
        }
        long keys = keysCreated(cluster);
        int differences = cluster.calls("updates.getDifference");
        assertThat(texts(updates, "ann")).containsExactly("hot 1");

        // the call wakes the account and gets its answer
        assertThat(((BaseUser) m.invoke("ann", SELF).block(WAIT).get(0)).id()).isEqualTo(user);
        await(() -> m.state("ann") == AccountState.AUTHORIZED); // the call went out beside the catch-up
        await(() -> texts(updates, "ann").size() == 4);
        cluster.writeSavedMessage(ANN, "hot 2");
        await(() -> texts(updates, "ann").contains("hot 2"));
        // the missed ones once each, in order, before the later push
        assertThat(texts(updates, "ann")).containsExactly("hot 1", "parked 1", "parked 2", "parked 3", "hot 2");
        assertThat(keysCreated(cluster)).as("a wake makes no key").isEqualTo(keys);
        assertThat(cluster.calls("updates.getDifference") - differences).isEqualTo(1);
        assertThat(moves(events, "ann")).endsWith("AUTHORIZED>PARKED", "PARKED>WAKING", "WAKING>AUTHORIZED");
        assertThat(events.get(events.size() - 2).reason()).isEqualTo("woken (call)");

        assertThat(registry.get("mtproto.accounts.parks").tag("reason", "manual").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("mtproto.accounts.wake").tag("trigger", "call").tag("outcome", "ok").timer().count())
            .isEqualTo(1);
        assertThat(registry.get("mtproto.accounts.hot").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("mtproto.accounts.parked").gauge().value()).isZero();

        // and again: the position saved at the second park covers the later push, so nothing comes twice
        m.park("ann").block(WAIT);
        cluster.writeSavedMessage(ANN, "parked 4");
        assertThat(m.wake("ann").block(WAIT)).isEqualTo(AccountState.AUTHORIZED);
        await(() -> texts(updates, "ann").contains("parked 4"));
        assertThat(texts(updates, "ann")).containsExactly("hot 1", "parked 1", "parked 2", "parked 3", "hot 2",
            "parked 4");
        assertThat(keysCreated(cluster)).isEqualTo(keys);
    }

    @Test
    void concurrentCallsOnAParkedAccountShareOneWake(TestCluster cluster) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InMemorySessionStore store = new InMemorySessionStore();
        AccountManager m = manager(cluster, store, registry, b -> { });
        List<AccountEvent> events = new CopyOnWriteArrayList<>();
        m.events().subscribe(events::add);
        logIn(m, "ben", BEN);
        m.park("ben").block(WAIT);
        long key = store.load("ben").block(WAIT).dc(2).orElseThrow().authKey().id();
        long keys = keysCreated(cluster);
        cluster.dc(2).keyLog().clearUses();
        int differences = cluster.calls("updates.getDifference");

        List<Integer> answers = Flux.range(0, 24).flatMap(i -> m.invoke("ben", SELF).map(List::size), 24)
            .collectList().block(WAIT);
        assertThat(answers).hasSize(24).containsOnly(1);
        // the calls go out beside the wake's catch-up and may be answered before it ends: wait for its end
        await(() -> m.state("ben") == AccountState.AUTHORIZED);
        assertThat(moves(events, "ben").stream().filter("PARKED>WAKING"::equals)).hasSize(1);
        assertThat(cluster.dc(2).keyLog().uses().stream().filter(u -> u.authKeyId() == key)
            .map(KeyUse::sessionId).distinct()).as("one new MTProto session on the stored key").hasSize(1);
        assertThat(keysCreated(cluster)).isEqualTo(keys);
        assertThat(cluster.calls("updates.getDifference") - differences).as("one catch-up").isEqualTo(1);
        assertThat(registry.get("mtproto.accounts.wake").timer().count()).isEqualTo(1);
    }

    @Test
    void anIdleAccountIsParkedAndABusyOneIsNot(TestCluster cluster) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AccountManager m = manager(cluster, new InMemorySessionStore(), registry,
            b -> b.idleParkAfter(Duration.ofMillis(400)));
        List<AccountEvent> events = new CopyOnWriteArrayList<>();
        m.events().subscribe(events::add);
        logIn(m, "cat", CAT);
        await(() -> m.state("cat") == AccountState.PARKED);
        assertThat(registry.get("mtproto.accounts.parks").tag("reason", "idle").counter().count()).isEqualTo(1.0);
        assertThat(events.get(events.size() - 1).reason()).isEqualTo("parked (idle)");

        // a call wakes it; calls every 100 ms keep it hot
        long until = System.nanoTime() + Duration.ofMillis(1200).toNanos();
        while (System.nanoTime() < until) {
            assertThat(m.invoke("cat", SELF).block(WAIT)).hasSize(1);
            await(() -> m.state("cat") == AccountState.AUTHORIZED); // the call went out beside the catch-up
            sleep(100);
        }
        assertThat(moves(events, "cat").stream().filter("AUTHORIZED>PARKED"::equals)).hasSize(1);
        // then, idle again, it is parked again
        await(() -> m.state("cat") == AccountState.PARKED);
        assertThat(registry.get("mtproto.accounts.parks").tag("reason", "idle").counter().count()).isEqualTo(2.0);
    }

    @Test
    void theScheduleWakesParkedAccountsToCatchUpAndParksThemAgain(TestCluster cluster) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AccountManager m = manager(cluster, new InMemorySessionStore(), registry,
            b -> b.wakeEvery(Duration.ofMillis(400)));
        List<AccountEvent> events = new CopyOnWriteArrayList<>();
        List<AccountUpdate> updates = new CopyOnWriteArrayList<>();
        m.events().subscribe(events::add);
        m.updates().subscribe(updates::add);
        logIn(m, "dan", DAN);
        m.park("dan").block(WAIT);
        assertThat(m.state("dan")).isEqualTo(AccountState.PARKED); // no call: it stays parked until its time
        cluster.writeSavedMessage(DAN, "while parked");

        await(() -> texts(updates, "dan").contains("while parked"));
        await(() -> moves(events, "dan").stream().filter("AUTHORIZED>PARKED"::equals).count() >= 2
            && m.state("dan") == AccountState.PARKED);
        List<String> moves = moves(events, "dan");
        int woken = moves.indexOf("PARKED>WAKING");
        assertThat(moves.subList(woken, woken + 3)).containsExactly("PARKED>WAKING", "WAKING>AUTHORIZED",
            "AUTHORIZED>PARKED");
        assertThat(texts(updates, "dan")).containsExactly("while parked");
        assertThat(registry.get("mtproto.accounts.wake").tag("trigger", "schedule").timer().count()).isPositive();
        assertThat(registry.get("mtproto.accounts.parks").tag("reason", "schedule").counter().count()).isPositive();
        // a call still wakes it in between, and the account then stays hot (no idleParkAfter here)
        assertThat(m.invoke("dan", SELF).block(WAIT)).hasSize(1);
        sleep(1500);
        assertThat(m.state("dan")).isEqualTo(AccountState.AUTHORIZED);
    }

    @Test
    void accountsStartParkedWithoutConnectingAndWakeOnTheirFirstCall(TestCluster cluster) {
        InMemorySessionStore store = new InMemorySessionStore();
        AccountManager first = manager(cluster, store, null, b -> { });
        logIn(first, "eve", EVE);
        logIn(first, "fay", FAY);
        first.close().block(WAIT);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AccountManager m = manager(cluster, store, registry, b -> b.startParked(true));
        m.add(AccountSpec.of("eve"));
        m.add(AccountSpec.of("fay"));
        m.add(AccountSpec.of("nobody-yet"));
        int configs = cluster.calls("help.getConfig");
        assertThat(m.startAll().collectList().block(WAIT)).extracting(AccountSnapshot::state)
            .containsExactly(AccountState.PARKED, AccountState.PARKED, AccountState.NEEDS_LOGIN);
        assertThat(cluster.calls("help.getConfig") - configs).as("only the account without a login connected")
            .isEqualTo(1);
        assertThat(m.snapshot("eve").user()).isPresent();
        assertThat(registry.get("mtproto.accounts.parked").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("mtproto.accounts.hot").gauge().value()).isEqualTo(1.0);
        long keys = keysCreated(cluster);
        assertThat(m.invoke("eve", SELF).block(WAIT)).hasSize(1);
        await(() -> m.state("eve") == AccountState.AUTHORIZED); // the call went out beside the catch-up
        assertThat(keysCreated(cluster)).isEqualTo(keys);
        // the login pipeline wakes a parked account and answers its user
        LoginResult fay = m.login("fay", prompts(FAY)).block(WAIT);
        assertThat(fay.isAuthorized()).as("%s", fay).isTrue();
        assertThat(m.state("fay")).isEqualTo(AccountState.AUTHORIZED);
        // stop and start parked again, by id
        m.stop("eve").block(WAIT);
        assertThat(m.start("eve", true).block(WAIT)).isEqualTo(AccountState.PARKED);
        assertThatThrownBy(() -> m.park("nobody-yet").block(WAIT)).isInstanceOf(AccountStateException.class);
    }

    @Test
    void aWakeThatCannotConnectParksTheAccountAgain(TestCluster cluster) {
        AccountManager m = AccountManager.create(AccountManagerOptions.builder().resources(resources)
            .sessionStore(new InMemorySessionStore()).clientTemplate(AccountManagerTest.template(cluster).mutate()
                .maxConnectAttempts(2).reconnectDelay(Delay.constant(Duration.ofMillis(20))).build()).build());
        managers.add(m);
        logIn(m, "gus", GUS);
        m.park("gus").block(WAIT);
        cluster.dc(2).stop().block(WAIT);
        try {
            assertThatThrownBy(() -> m.invoke("gus", SELF).block(WAIT)).isNotInstanceOf(AccountStateException.class);
            assertThat(m.state("gus")).isEqualTo(AccountState.PARKED);
            assertThat(m.snapshot("gus").user()).isPresent();
        } finally {
            cluster.dc(2).start().block(WAIT);
        }
        assertThat(m.invoke("gus", SELF).block(WAIT)).hasSize(1);
        await(() -> m.state("gus") == AccountState.AUTHORIZED); // the call went out beside the catch-up
    }

    @Test
    void aRevocationWhileParkedIsMetOnTheWake(TestCluster cluster) {
        AccountManager m = manager(cluster, new InMemorySessionStore(), null, b -> { });
        List<AccountEvent> events = new CopyOnWriteArrayList<>();
        m.events().subscribe(events::add);
        logIn(m, "hal", HAL);
        m.park("hal").block(WAIT);
        assertThat(cluster.expireAuthorizations(HAL)).isEqualTo(1);
        // the wake's catch-up may meet the revocation before the call is sent (the call then finds the account
        // LOGGED_OUT) or the call may meet it itself: either way it fails typed and the account is logged out
        assertThatThrownBy(() -> m.invoke("hal", SELF).block(WAIT))
            .isInstanceOfAny(UnauthorizedException.class, AccountNotAuthorizedException.class);
        assertThat(m.state("hal")).isEqualTo(AccountState.LOGGED_OUT);
        assertThat(moves(events, "hal")).endsWith("PARKED>WAKING", "WAKING>LOGGED_OUT");
        // logged in again on the same account
        assertThat(m.login("hal", prompts(HAL)).block(WAIT).isAuthorized()).isTrue();
        assertThat(m.invoke("hal", SELF).block(WAIT)).hasSize(1);
    }

    @Test
    void aParkedAccountKeepsItsLeaseAndStopsWhenItIsLost(TestCluster cluster) {
        InMemorySessionStore shared = new InMemorySessionStore();
        PartitionableStore link = new PartitionableStore(shared);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Duration ttl = Duration.ofMillis(900);
        AccountManager m = manager(cluster, link, registry, b -> b.instance("parker").leaseTtl(ttl));
        List<AccountEvent> events = new CopyOnWriteArrayList<>();
        m.events().subscribe(events::add);
        logIn(m, "ann-leased", ANN);
        long fence = m.snapshot("ann-leased").fence();
        m.park("ann-leased").block(WAIT);
        long renewed = renewals(registry);

        sleep(ttl.toMillis() * 3);
        AccountSnapshot parked = m.snapshot("ann-leased");
        assertThat(parked.state()).isEqualTo(AccountState.PARKED);
        assertThat(parked.leased()).isTrue();
        assertThat(parked.fence()).isEqualTo(fence);
        assertThat(renewals(registry)).as("renewed while parked").isGreaterThan(renewed + 3);
        // a wake runs under the same lease: its saves are fenced with it
        assertThat(m.invoke("ann-leased", SELF).block(WAIT)).hasSize(1);
        assertThat(m.snapshot("ann-leased").fence()).isEqualTo(fence);
        m.park("ann-leased").block(WAIT);

        link.cut();
        await(() -> m.state("ann-leased") == AccountState.STOPPED);
        assertThat(moves(events, "ann-leased")).endsWith("AUTHORIZED>PARKED", "PARKED>LEASE_LOST",
            "LEASE_LOST>STOPPED");
        assertThat(registry.get("mtproto.accounts.leases.lost").counter().count()).isEqualTo(1.0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
