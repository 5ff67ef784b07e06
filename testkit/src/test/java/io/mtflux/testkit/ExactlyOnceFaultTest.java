package io.mtflux.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.rpc.AlreadyExecutedException;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.tl.api.BaseMessage;
import io.mtflux.core.tl.api.BaseUpdates;
import io.mtflux.core.tl.api.InputPeerSelf;
import io.mtflux.core.tl.api.Message;
import io.mtflux.core.tl.api.Update;
import io.mtflux.core.tl.api.UpdateMessageID;
import io.mtflux.core.tl.api.UpdateNewMessage;
import io.mtflux.core.tl.api.UpdateShort;
import io.mtflux.core.tl.api.UpdateShortSentMessage;
import io.mtflux.core.tl.api.Updates;
import io.mtflux.core.tl.api.UpdatesCombined;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.BaseAuthSentCode;
import io.mtflux.core.tl.api.messages.MessagesSendMessage;
import io.mtflux.core.tl.api.updates.BaseUpdatesDifference;
import io.mtflux.core.tl.api.updates.UpdatesDifference;
import io.mtflux.core.tl.api.updates.UpdatesDifferenceSlice;
import io.mtflux.core.tl.api.updates.UpdatesGetDifference;
import io.mtflux.testkit.server.MtprotoServer;
import io.mtflux.testkit.server.ServerAuthKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.ToIntBiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Exactly-once where the server executes calls: a logged-in user sends 1,000 {@code messages.sendMessage} to
 * Saved Messages (each its own random_id and text), one fault hits the DC while they are in flight, and then
 * every random_id was executed exactly once on the server; every caller completed exactly once, with its own
 * message or with {@link AlreadyExecutedException} (executed, answer lost: counted per fault); and the sender's
 * updates, another session's pushed updates and the server's update log each show every message once.
 *
 * <p>The faults are {@link #faults()}: named {@link Fault}s, one case each: the DC's own (a dropped connection, a
 * forgotten session or key, salts, a restart, clock skew, errors, delayed or dropped replies and pushes) and the
 * network's: on the DC's connections (a transport flood {@code -429}, black holes, half-open), and through a
 * {@link FaultProxy} between the sender and the DC (latency, a bandwidth limit, split and coalesced packets, a frame
 * cut in either direction, half-open). A fault can set up what it needs ({@link Fault#prepare}, e.g. the proxy),
 * change each session's client ({@link Fault#client}) and check afterwards that it really met the calls
 * ({@link Fault#verify}: the proxy's stats, the server's counts, the sessions' meters), so that no network case
 * passes because its fault never happened.
 */
class ExactlyOnceFaultTest {
    private static final int IN_FLIGHT = 1_000;
    private static final int DC = 1;
    private static final String CODE = "24680";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Every reply comes this much later, so that the calls are in flight (executed, answer on its way). */
    private static final Duration REPLY_DELAY = Duration.ofMillis(200);
    private static final AtomicInteger USERS = new AtomicInteger();
    /** The keepalive of the sessions under a silent connection (black hole, half-open): all that can end one. */
    private static final Duration PING_INTERVAL = Duration.ofMillis(500);
    /** The packets answered with transport error -429 in the transport flood. */
    private static final int FLOODS = 3;
    /** The one-way latency the proxy adds. */
    private static final Duration LATENCY = Duration.ofMillis(50);
    private static final String KEEPALIVE_TIMEOUTS = "mtproto.keepalive.timeouts";
    /**
     * Faults after which the client must hear every answer but these many ({@link AlreadyExecutedException}); any
     * fault not named here or in {@link #LOSES_ANSWERS} must lose none: the server keeps the answers it computed
     * and the client re-sends under the msg_ids it remembers, or takes a late answer to an earlier msg_id.
     */
    private static final Map<String, Integer> LOST_ANSWERS = Map.of("500 errors after executing", 100);
    /**
     * Faults where the server forgets the session the calls were answered in: the client must send them again in
     * a new one, and whether the first answer still arrives before the repeat's {@code RANDOM_ID_DUPLICATE} depends
     * on timing (some runs lose none, others every call in flight).
     */
    private static final Set<String> LOSES_ANSWERS = Set.of("forgotten session", "forgotten auth key");

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(1));

    private final List<MtprotoClient> clients = new ArrayList<>();
    private TestCluster cluster;
    private Fault fault;

    /** The two sessions of a case: the one that sends, and another one of the same user that watches. */
    enum Session {
        /** The session that sends the 1,000 messages. */
        SENDER,
        /** The other session, which sees them in its pushed updates. */
        OBSERVER
    }

    /**
     * The meters of the two sessions (each its own registry), where a network fault finds what the client saw of
     * it (transport floods, keepalive timeouts).
     *
     * @param sender the sender's registry
     * @param observer the other session's registry
     */
    record Meters(MeterRegistry sender, MeterRegistry observer) {
        /** {@return the count of a counter in the sender's registry (0 when none was registered)} */
        double sender(String meter) {
            return count(sender, meter);
        }

        /** {@return the count of a counter in the other session's registry (0 when none was registered)} */
        double observer(String meter) {
            return count(observer, meter);
        }

        private static double count(MeterRegistry registry, String meter) {
            Counter counter = registry.find(meter).counter();
            return counter == null ? 0 : counter.count();
        }
    }

    /** A fault injected into the cluster while the calls are in flight. */
    @FunctionalInterface
    interface Fault {
        /**
         * Injects the fault (on a thread that may block).
         *
         * @param cluster the cluster
         * @param dc the DC the calls go to
         */
        void inject(TestCluster cluster, int dc);

        /**
         * Sets up what the fault needs before the sessions log in (a proxy in front of the DC, say); by default
         * nothing. {@link #close()} releases it.
         *
         * @param cluster the cluster
         * @param dc the DC the calls go to
         */
        default void prepare(TestCluster cluster, int dc) {
        }

        /**
         * The client a session needs under this fault; by default the options as given.
         *
         * @param options the test's client options
         * @param cluster the cluster
         * @param session which session is built with them
         * @return the options to build the client with
         */
        default ClientOptions.Builder client(ClientOptions.Builder options, TestCluster cluster, Session session) {
            return options;
        }

        /**
         * Checks, once every call has completed, that the fault really happened (so that a case cannot pass
         * because its fault never met the calls); by default nothing.
         *
         * @param cluster the cluster
         * @param dc the DC the calls went to
         * @param meters the sessions' meters
         */
        default void verify(TestCluster cluster, int dc, Meters meters) {
        }

        /** Releases what {@link #prepare} set up; by default nothing. */
        default void close() {
        }

        /** {@code inject} with both sessions' clients set up by {@code setup}. */
        static Fault withClient(BiFunction<ClientOptions.Builder, TestCluster, ClientOptions.Builder> setup,
                                Fault inject) {
            return new Fault() {
                @Override
                public void inject(TestCluster cluster, int dc) {
                    inject.inject(cluster, dc);
                }

                @Override
                public ClientOptions.Builder client(ClientOptions.Builder options, TestCluster cluster,
                                                    Session session) {
                    return setup.apply(options, cluster);
                }
            };
        }
    }

    /**
     * A fault on the DC's connections, met by both sessions (with a short keepalive when the fault leaves
     * connections silent: nothing else can end one): {@code inject} returns what it did (e.g. how many connections
     * it silenced) and {@code verify} checks with it that the fault fired.
     */
    private static final class ConnectionFault implements Fault {
        private final boolean keepalive;
        private final ToIntBiFunction<TestCluster, Integer> inject;
        private final Verification verify;
        private volatile int injected;

        /** Checks a connection fault fired, from what {@code inject} returned and the sessions' meters. */
        @FunctionalInterface
        interface Verification {
            void verify(TestCluster cluster, int dc, int injected, Meters meters);
        }

        ConnectionFault(boolean keepalive, ToIntBiFunction<TestCluster, Integer> inject, Verification verify) {
            this.keepalive = keepalive;
            this.inject = inject;
            this.verify = verify;
        }

        @Override
        public void inject(TestCluster cluster, int dc) {
            injected = inject.applyAsInt(cluster, dc);
        }

        @Override
        public ClientOptions.Builder client(ClientOptions.Builder options, TestCluster cluster, Session session) {
            return keepalive ? options.pingInterval(PING_INTERVAL) : options;
        }

        @Override
        public void verify(TestCluster cluster, int dc, Meters meters) {
            verify.verify(cluster, dc, injected, meters);
        }
    }

    /**
     * A fault made by a {@link FaultProxy} between the sender and the DC (the other session connects directly, so
     * whatever the proxy did, it did to the sender's connections): {@code inject} switches the proxy's fault on,
     * {@code verify} checks in its stats (and the sender's meters) that it fired.
     */
    private static final class ProxyFault implements Fault {
        private final Consumer<FaultProxy> inject;
        private final BiConsumer<FaultProxy.Stats, Meters> verify;
        private final boolean keepalive;
        private FaultProxy proxy;

        ProxyFault(Consumer<FaultProxy> inject, BiConsumer<FaultProxy.Stats, Meters> verify, boolean keepalive) {
            this.inject = inject;
            this.verify = verify;
            this.keepalive = keepalive;
        }

        @Override
        public void prepare(TestCluster cluster, int dc) {
            MtprotoServer server = cluster.dc(dc);
            proxy = FaultProxy.builder().target(server.host(), server.port()).build().start().block(WAIT);
        }

        @Override
        public ClientOptions.Builder client(ClientOptions.Builder options, TestCluster cluster, Session session) {
            if (session == Session.OBSERVER) {
                return options;
            }
            // a fresh session: its connections to the DC, reconnects included, keep the proxy's address
            options.dcOptions(proxy.reroute(cluster.dcOptions(), DC));
            return keepalive ? options.pingInterval(PING_INTERVAL) : options;
        }

        @Override
        public void inject(TestCluster cluster, int dc) {
            inject.accept(proxy.resetStats());
        }

        @Override
        public void verify(TestCluster cluster, int dc, Meters meters) {
            FaultProxy.Stats stats = proxy.stats();
            assertThat(stats.bytesToServer()).as("bytes from the sender through the proxy").isPositive();
            verify.accept(stats, meters);
            // the calls are done: the checks that follow need not crawl (as the DC's reply delay is off by now)
            proxy.reset();
        }

        @Override
        public void close() {
            if (proxy != null) {
                proxy.stop().block(WAIT);
            }
        }
    }

    /** The faults, one test case each: (name, {@link Fault}). */
    static List<Arguments> faults() {
        String send = "messages.sendMessage";
        return List.of(
            Arguments.of("dropped connection", (Fault) (c, dc) -> c.dc(dc).dropConnections()),
            Arguments.of("forgotten session", (Fault) (c, dc) -> c.dc(dc).forgetSessions()),
            // a forgotten permanent key is a logout; the key a DC forgets while the login lives is a temporary one
            Arguments.of("forgotten auth key", Fault.withClient((o, c) -> o.temporaryKeys(Duration.ofHours(1)),
                (c, dc) -> {
                    MtprotoServer server = c.dc(dc);
                    server.authKeys().stream().filter(ServerAuthKey::temporary)
                        .forEach(k -> server.forgetAuthKey(k.id()));
                    server.dropConnections();
                })),
            Arguments.of("salt rotation", (Fault) (c, dc) -> c.dc(dc).rotateSalts()),
            // while the DC is down, connects are refused: enough attempts (under 200 ms apart) to outlast a restart
            // on a loaded machine, or the waiting callers fail with DcUnreachableException
            Arguments.of("server restart", Fault.withClient((o, c) -> o.maxConnectAttempts(30), (c, dc) -> {
                c.dc(dc).stop().block(WAIT);
                c.dc(dc).start().block(WAIT);
            })),
            Arguments.of("clock skew ahead", (Fault) (c, dc) -> c.faults(dc).clockSkew(Duration.ofMinutes(10))),
            // ahead of our 30 s but our msg_ids inside the server's 300 s: no bad_msg_notification comes, the pong
            // to the client's clock probe resyncs it
            Arguments.of("clock skew ahead, inside the server's window",
                (Fault) (c, dc) -> c.faults(dc).clockSkew(Duration.ofMinutes(2))),
            Arguments.of("clock skew behind", (Fault) (c, dc) -> c.faults(dc).clockSkew(Duration.ofMinutes(-10))),
            Arguments.of("500 errors", (Fault) (c, dc) -> c.faults(dc)
                .failNext(send, 300, RpcException.of(500, "RPC_CALL_FAIL"))),
            Arguments.of("500 errors after executing", (Fault) (c, dc) -> c.faults(dc)
                .failNextAfterExecuting(send, 100, RpcException.of(500, "RPC_CALL_FAIL"))),
            Arguments.of("flood waits", (Fault) (c, dc) -> c.faults(dc)
                .failNext(send, 200, RpcException.of(420, "FLOOD_WAIT_1"))),
            Arguments.of("delayed replies", (Fault) (c, dc) -> c.faults(dc).delayReplies(Duration.ofMillis(1500))),
            Arguments.of("dropped replies, then the connection", (Fault) (c, dc) -> {
                c.faults(dc).dropReplies(IN_FLIGHT / 2);
                Mono.delay(Duration.ofMillis(300), Schedulers.parallel()).subscribe(t -> c.dc(dc).dropConnections());
            }),
            Arguments.of("dropped pushes", (Fault) (c, dc) -> c.faults(dc).dropPushes(IN_FLIGHT / 4)),
            // network faults: on the DC's connections, then through a proxy in front of the DC
            Arguments.of("transport flood -429", new ConnectionFault(false, (c, dc) -> {
                int before = c.faults(dc).transportFloodsSent();
                // the connections are dropped so that the re-sent calls meet the flood: the next packets the DC
                // receives (the reconnects' first) are answered with -429, each closing its connection
                c.faults(dc).transportFlood(FLOODS);
                c.dc(dc).dropConnections();
                return before;
            }, (c, dc, before, m) -> {
                String floods = "mtproto.transport.floods";
                assertThat(c.faults(dc).transportFloodsSent() - before).as("-429 sent").isEqualTo(FLOODS);
                assertThat(m.sender(floods) + m.observer(floods)).as("-429 seen by the sessions").isEqualTo(FLOODS);
                // which session's reconnect meets which -429 is a race (the sender's, mostly)
                System.out.printf("transport flood: %.0f -429 seen by the sender, %.0f by the other session%n",
                    m.sender(floods), m.observer(floods));
            })),
            Arguments.of("black-holed connection", new ConnectionFault(true, (c, dc) -> c.dc(dc).blackHole(),
                (c, dc, silenced, m) -> silencedAndDroppedByTheKeepalive(silenced, m))),
            Arguments.of("black-holed new connections", new ConnectionFault(true, (c, dc) -> {
                // both sessions reconnect, each into a black hole
                c.faults(dc).blackHoleNewConnections(2);
                c.dc(dc).dropConnections();
                return 2;
            }, (c, dc, blackHoles, m) -> silencedAndDroppedByTheKeepalive(blackHoles, m))),
            Arguments.of("half-open connection", new ConnectionFault(true, (c, dc) -> c.dc(dc).halfOpen(),
                (c, dc, halfOpen, m) -> silencedAndDroppedByTheKeepalive(halfOpen, m))),
            Arguments.of("proxy latency", new ProxyFault(p -> p.latency(LATENCY), (stats, m) -> {
                assertThat(stats.delayedChunks()).as("chunks held").isPositive();
                assertThat(stats.minHold()).as("the shortest hold").isGreaterThanOrEqualTo(LATENCY);
            }, false)),
            Arguments.of("proxy bandwidth limit", new ProxyFault(p -> p.bandwidth(512 * 1024),
                (stats, m) -> assertThat(stats.throttledChunks()).as("chunks throttled").isPositive(), false)),
            Arguments.of("proxy split packets", new ProxyFault(p -> p.split(31),
                // chunks went out in pieces of at most 31 bytes (length prefixes too)
                (stats, m) -> assertThat(stats.splitPieces()).as("split pieces").isGreaterThan(stats.chunksRead()),
                false)),
            Arguments.of("proxy coalesced packets", new ProxyFault(p -> p.coalesce(Duration.ofMillis(20)),
                (stats, m) -> {
                    assertThat(stats.coalescedWrites()).as("coalesced writes").isPositive();
                    assertThat(stats.coalescedChunks()).isGreaterThanOrEqualTo(2 * stats.coalescedWrites());
                }, false)),
            Arguments.of("proxy cut mid-frame to the DC", new ProxyFault(p -> p.cutAfter(10),
                (stats, m) -> cutMidFrame(stats, FaultProxy.Direction.TO_SERVER, 10), false)),
            Arguments.of("proxy cut mid-frame to the client",
                new ProxyFault(p -> p.cutAfter(FaultProxy.Direction.TO_CLIENT, 30),
                    (stats, m) -> cutMidFrame(stats, FaultProxy.Direction.TO_CLIENT, 30), false)),
            Arguments.of("proxy half-open connection", new ProxyFault(p -> p.blackHole(), (stats, m) -> {
                assertThat(stats.blackHoled()).as("connections black-holed").isEqualTo(1);
                assertThat(stats.swallowedBytes()).as("bytes swallowed").isPositive();
                assertThat(m.sender(KEEPALIVE_TIMEOUTS)).as("the sender's keepalive timeouts").isPositive();
            }, true)));
    }

    /**
     * The fault silenced a connection of each session, and the sender's keepalive dropped its silent one (its calls
     * could not complete otherwise). The other session's keepalive may not have fired yet when the calls are done;
     * its updates, checked afterwards, cannot all arrive until it has.
     */
    private static void silencedAndDroppedByTheKeepalive(int silenced, Meters meters) {
        assertThat(silenced).as("connections silenced").isGreaterThanOrEqualTo(2);
        assertThat(meters.sender(KEEPALIVE_TIMEOUTS)).as("the sender's keepalive timeouts").isPositive();
    }

    /** The proxy cut one frame, inside it, in that direction. */
    private static void cutMidFrame(FaultProxy.Stats stats, FaultProxy.Direction direction, int bytes) {
        assertThat(stats.cuts()).as("cuts").singleElement().satisfies(cut -> {
            assertThat(cut.direction()).isEqualTo(direction);
            assertThat(cut.midFrame()).isTrue();
            assertThat(cut.bytesPassed()).isEqualTo(bytes);
            assertThat(cut.frameLength()).isGreaterThan(bytes);
        });
    }

    @AfterEach
    void tearDown() {
        clients.forEach(c -> c.close().block(WAIT));
        if (fault != null) {
            fault.close();
        }
        if (cluster != null) {
            cluster.faults(DC).reset();
        }
    }

    /** How one call ended: its message id, or executed with the answer lost, or another error. */
    private record Outcome(int index, int messageId, boolean answerLost, Throwable error) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void everyMessageIsExecutedOnceAndEveryCallerHearsOnce(String name, Fault fault, TestCluster testkit) {
        cluster = testkit;
        this.fault = fault;
        fault.prepare(cluster, DC);
        String phone = String.format("+1 555 780 %04d", USERS.incrementAndGet());
        cluster.addUser(TestUser.of(phone).dc(DC).name("Once", name).code(CODE)).block(WAIT);
        Meters meters = new Meters(new SimpleMeterRegistry(), new SimpleMeterRegistry());
        MtprotoClient sender = loggedIn(phone, fault, Session.SENDER, meters.sender());
        MtprotoClient observer = loggedIn(phone, fault, Session.OBSERVER, meters.observer());
        Queue<Integer> senderIds = new ConcurrentLinkedQueue<>();
        Mono<Void> senderSaw = sender.updates().flatMapIterable(ExactlyOnceFaultTest::idsOf)
            .doOnNext(senderIds::add).take(IN_FLIGHT).then().cache();
        Queue<String> observerTexts = new ConcurrentLinkedQueue<>();
        Mono<Void> observerSaw = observer.updates().flatMapIterable(ExactlyOnceFaultTest::messagesOf)
            .map(BaseMessage::message).doOnNext(observerTexts::add).take(IN_FLIGHT).then().cache();
        senderSaw.subscribe();
        observerSaw.subscribe();

        long[] randomIds = randomIds(name);
        String[] texts = new String[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            texts[i] = name + " #" + i;
        }
        AtomicIntegerArray completions = new AtomicIntegerArray(IN_FLIGHT);
        cluster.faults(DC).delayReplies(REPLY_DELAY);
        // sent over ~400 ms: the fault (at 100 ms) meets calls executed and waiting for their answers, and calls
        // sent after it
        Mono<List<Outcome>> all = Flux.range(0, IN_FLIGHT)
            .delayUntil(i -> i % 100 == 99 ? Mono.delay(Duration.ofMillis(40)) : Mono.empty())
            .flatMap(i -> sender.invoke(MessagesSendMessage.builder().peer(new InputPeerSelf()).message(texts[i])
                    .randomId(randomIds[i]).build())
                .map(answer -> new Outcome(i, messageIdOf(answer, randomIds[i]), false, null))
                .onErrorResume(AlreadyExecutedException.class, e -> Mono.just(new Outcome(i, 0, true, null)))
                .onErrorResume(e -> Mono.just(new Outcome(i, 0, false, e)))
                .doOnNext(o -> completions.incrementAndGet(i)), IN_FLIGHT)
            .collectList();
        Mono<Boolean> inject = Mono.delay(Duration.ofMillis(100), Schedulers.boundedElastic())
            .doOnNext(t -> {
                // the calls sent so far wait for their answers; the later ones meet the fault without a delay
                cluster.faults(DC).delayReplies(Duration.ZERO);
                fault.inject(cluster, DC);
            }).thenReturn(true);
        List<Outcome> outcomes = Mono.zip(all, inject).map(t -> t.getT1()).block(WAIT);
        cluster.faults(DC).delayReplies(Duration.ZERO);
        // the fault really met the calls
        fault.verify(cluster, DC, meters);

        // every caller completed exactly once, with its own message or "executed, answer lost"
        assertThat(outcomes).hasSize(IN_FLIGHT);
        assertThat(outcomes).filteredOn(o -> o.error() != null).as("calls failed otherwise")
            .extracting(o -> o.error().toString()).isEmpty();
        for (int i = 0; i < IN_FLIGHT; i++) {
            assertThat(completions.get(i)).as("completions of call %d", i).isEqualTo(1);
        }
        // every random_id executed exactly once on the server, and nothing else
        Map<Long, Integer> executions = cluster.executions(phone);
        assertThat(executions).hasSize(IN_FLIGHT);
        for (int i = 0; i < IN_FLIGHT; i++) {
            assertThat(cluster.executions(phone, randomIds[i])).as("executions of call %d", i).isEqualTo(1);
        }
        // the server's update log: each text once; each answered caller got its own message
        Map<Integer, String> log = savedMessages(sender);
        assertThat(log).hasSize(IN_FLIGHT);
        assertThat(new HashSet<>(log.values())).containsExactlyInAnyOrder(texts);
        int lost = 0;
        for (Outcome o : outcomes) {
            if (o.answerLost()) {
                lost++;
            } else {
                assertThat(log.get(o.messageId())).as("the message of call %d", o.index()).isEqualTo(texts[o.index()]);
            }
        }
        System.out.printf("exactly-once, %s: %d of %d calls executed with their answer lost%n", name, lost,
            IN_FLIGHT);
        if (!LOSES_ANSWERS.contains(name)) {
            assertThat(lost).as("calls executed whose answer was lost").isEqualTo(LOST_ANSWERS.getOrDefault(name, 0));
        }
        // the updates of both sessions show each message once (catchUp: the last ones may have left no gap)
        sender.catchUp().block(WAIT);
        observer.catchUp().block(WAIT);
        Duration settle = Duration.ofSeconds(10);
        senderSaw.timeout(settle).onErrorResume(e -> Mono.empty()).block();
        observerSaw.timeout(settle).onErrorResume(e -> Mono.empty()).block();
        assertThat(senderIds).as("the message ids in the sender's updates")
            .containsExactlyInAnyOrderElementsOf(log.keySet());
        assertThat(observerTexts).as("the texts in the other session's updates").containsExactlyInAnyOrder(texts);
    }

    /** A session of the user, logged in with a code, its update position known. */
    private MtprotoClient loggedIn(String phone, Fault fault, Session session, MeterRegistry meters) {
        ClientOptions.Builder options = ClientOptions.builder().apiId(Logins.API_ID).apiHash(Logins.API_HASH)
            .dcOptions(cluster.dcOptions())
            .retry(RpcRetry.defaults().withBackoff(Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(100))))
            .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofMillis(200)).equalJitter())
            .meterRegistry(meters);
        MtprotoClient client = MtprotoClient.create(fault.client(options, cluster, session).build());
        clients.add(client);
        client.connect().block(WAIT);
        BaseAuthSentCode sent = (BaseAuthSentCode) client.invoke(Logins.sendCode(phone)).block(WAIT);
        client.invoke(new AuthSignIn(phone, sent.phoneCodeHash(), CODE, null)).block(WAIT);
        client.syncUpdateState().block(WAIT);
        return client;
    }

    private static long[] randomIds(String name) {
        SplittableRandom random = new SplittableRandom(name.hashCode() ^ System.nanoTime());
        Set<Long> seen = new HashSet<>();
        long[] ids = new long[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            long id;
            do {
                id = random.nextLong();
            } while (!seen.add(id));
            ids[i] = id;
        }
        return ids;
    }

    /** The id of the message a sendMessage answer reports: updateShortSentMessage, or updates naming it. */
    private static int messageIdOf(Updates answer, long randomId) {
        if (answer instanceof UpdateShortSentMessage sent) {
            return sent.id();
        }
        for (Update u : updatesOf(answer)) {
            if (u instanceof UpdateMessageID m && m.randomId() == randomId) {
                return m.id();
            }
        }
        List<BaseMessage> messages = messagesOf(answer);
        assertThat(messages).as("the messages of the answer %s", answer).hasSize(1);
        return messages.get(0).id();
    }

    /** The ids of the messages an Updates reports: the sent one of updateShortSentMessage, or new ones. */
    private static List<Integer> idsOf(Updates updates) {
        if (updates instanceof UpdateShortSentMessage sent) {
            return List.of(sent.id());
        }
        return messagesOf(updates).stream().map(BaseMessage::id).toList();
    }

    /** The new messages an Updates carries. */
    private static List<BaseMessage> messagesOf(Updates updates) {
        List<BaseMessage> messages = new ArrayList<>();
        for (Update u : updatesOf(updates)) {
            if (u instanceof UpdateNewMessage m && m.message() instanceof BaseMessage message) {
                messages.add(message);
            }
        }
        return messages;
    }

    private static List<Update> updatesOf(Updates updates) {
        if (updates instanceof BaseUpdates b) {
            return b.updates();
        }
        if (updates instanceof UpdatesCombined c) {
            return c.updates();
        }
        if (updates instanceof UpdateShort s) {
            return List.of(s.update());
        }
        return List.of();
    }

    /** The server's log of the user's Saved Messages by id, read with updates.getDifference from pts 0. */
    private static Map<Integer, String> savedMessages(MtprotoClient client) {
        Map<Integer, String> log = new HashMap<>();
        int pts = 0;
        while (true) {
            UpdatesDifference diff = client.invoke(new UpdatesGetDifference(pts, null, null, 0, 0, null)).block(WAIT);
            List<Message> messages;
            if (diff instanceof UpdatesDifferenceSlice slice) {
                messages = slice.newMessages();
                pts = slice.intermediateState().pts();
            } else if (diff instanceof BaseUpdatesDifference done) {
                messages = done.newMessages();
                pts = -1;
            } else {
                throw new AssertionError("unexpected difference " + diff);
            }
            for (Message m : messages) {
                BaseMessage message = (BaseMessage) m;
                String previous = log.put(message.id(), message.message());
                assertThat(previous).as("message %d in the log twice", message.id()).isNull();
            }
            if (pts < 0) {
                return log;
            }
        }
    }
}
