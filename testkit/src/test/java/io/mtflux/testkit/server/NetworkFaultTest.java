package io.mtflux.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mtflux.core.client.DcOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.tl.api.help.BaseHelpCountriesList;
import io.mtflux.core.tl.api.help.HelpGetCountriesList;
import io.mtflux.testkit.FaultProxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The faults real networks make, each injected while 1,000 calls are in flight: a transport flood ({@code -429}),
 * black-holed and half-open connections (only the client's keepalive can notice), and, through a {@link FaultProxy}
 * between the client and the DC, latency, a bandwidth limit, packets split and coalesced, connections cut inside a
 * frame. Every call completes exactly once with its own answer (an echo of its argument), nothing hangs, and each
 * case checks that its fault really happened.
 */
class NetworkFaultTest {
    private static final int IN_FLIGHT = 1_000;
    private static final Duration PING_INTERVAL = Duration.ofSeconds(1);
    private MtprotoServer server;
    private FaultProxy proxy;
    private SimpleMeterRegistry meters;
    private MtprotoClient client;

    @BeforeEach
    void setUp() {
        server = TestServers.start(2);
        proxy = FaultProxy.builder().target("127.0.0.1", server.port()).build().start().block(Duration.ofSeconds(10));
        meters = new SimpleMeterRegistry();
        // every case goes through the proxy: with nothing switched on it passes bytes as they come
        client = MtprotoClient.create(TestServers.client(server)
            .dcOptions(proxy.reroute(DcOptions.of(List.of(DcEndpoint.of(2, "127.0.0.1", server.port())),
                RsaKeyRing.of(TestServers.RSA_KEY.publicKey()), 2), 2))
            .pingInterval(PING_INTERVAL)
            .meterRegistry(meters)
            .retry(RpcRetry.defaults().withBackoff(Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(100))))
            .build());
        client.connect().block(Duration.ofSeconds(30));
    }

    @Test
    void everyConnectionOfTheClientGoesThroughTheProxy() {
        int before = proxy.stats().connections();
        callsThrough(server::dropConnections);

        // the client reconnected, through the proxy, and every byte it exchanged crossed the proxy
        assertThat(proxy.stats().connections()).isGreaterThan(before);
        assertThat(server.connectionsAccepted()).isEqualTo(proxy.stats().connections());
    }

    @AfterEach
    void tearDown() {
        client.close().block(Duration.ofSeconds(10));
        proxy.stop().block(Duration.ofSeconds(10));
        server.stop().block(Duration.ofSeconds(10));
    }

    /**
     * Sends 1,000 echo calls with the replies held back 200 ms, injects the fault 100 ms later, and checks that every
     * call completes once with its own answer within a minute. Returns the time from the fault to the last answer.
     */
    private Duration callsThrough(Runnable fault) {
        server.faults().delayReplies(Duration.ofMillis(200));
        AtomicLong injectedAt = new AtomicLong();
        Mono<List<Integer>> all = Flux.range(0, IN_FLIGHT)
            .flatMap(i -> client.invoke(new HelpGetCountriesList("en", i))
                .map(answer -> ((BaseHelpCountriesList) answer).hash())
                .doOnNext(hash -> assertThat(hash).isEqualTo(i)), IN_FLIGHT)
            .collectList();
        Mono<Void> inject = Mono.delay(Duration.ofMillis(100), Schedulers.boundedElastic())
            .doOnNext(t -> {
                injectedAt.set(System.nanoTime());
                fault.run();
                server.faults().delayReplies(Duration.ZERO);
            }).then();
        List<Integer> answers = Mono.zip(all, inject.thenReturn(true)).map(t -> t.getT1())
            .block(Duration.ofSeconds(60));
        long done = System.nanoTime();
        assertThat(answers).hasSize(IN_FLIGHT).doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(IntStream.range(0, IN_FLIGHT).boxed().toList());
        return Duration.ofNanos(done - injectedAt.get());
    }

    private double count(String meter) {
        Counter counter = meters.find(meter).counter();
        return counter == null ? 0 : counter.count();
    }

    // ------------------------------------------------------------------ the server's faults

    @Test
    void transportFloodBacksOffAndReconnects() {
        // the connections are dropped so that the reconnects' re-sent calls meet the flood: the first packet of each
        // of the next three connections is answered with -429
        Duration elapsed = callsThrough(() -> {
            server.faults().transportFlood(3);
            server.dropConnections();
        });

        // three packets answered with -429, each closing its connection; the client took each as a flood
        assertThat(server.faults().transportFloodsSent()).isEqualTo(3);
        assertThat(count("mtproto.transport.floods")).isEqualTo(3);
        // and backed off: after -429 the wait is the reconnect delay of attempt 4, at least half of 20 ms << 4
        // (equal jitter), where a plain drop is retried within 50 ms
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(3 * 160));
    }

    @Test
    void blackHoledConnectionIsDroppedByTheKeepalive() {
        AtomicInteger silenced = new AtomicInteger();
        int acceptedBefore = server.connectionsAccepted();

        callsThrough(() -> silenced.set(server.blackHole()));

        assertThat(silenced.get()).isEqualTo(1);
        // the server never closed it: only the missing pong could tell the client
        assertThat(count("mtproto.keepalive.timeouts")).isGreaterThanOrEqualTo(1);
        assertThat(server.connectionsAccepted()).isGreaterThan(acceptedBefore);
    }

    @Test
    void newConnectionThatIsNeverAnsweredIsDroppedByTheKeepalive() {
        int acceptedBefore = server.connectionsAccepted();

        callsThrough(() -> {
            server.faults().blackHoleNewConnections(1);
            server.dropConnections();
        });

        // the reconnect met a black hole, the keepalive dropped it, the next connection answered
        assertThat(count("mtproto.keepalive.timeouts")).isGreaterThanOrEqualTo(1);
        assertThat(server.connectionsAccepted()).isGreaterThanOrEqualTo(acceptedBefore + 2);
    }

    @Test
    void keyExchangeOnABlackHoledConnectionTimesOut() {
        // a client without a key: its first connection is a black hole, where no keepalive runs yet
        server.faults().blackHoleNewConnections(1);
        int acceptedBefore = server.connectionsAccepted();
        SimpleMeterRegistry fresh = new SimpleMeterRegistry();
        MtprotoClient newcomer = MtprotoClient.create(TestServers.client(server)
            .keyExchangeTimeout(Duration.ofSeconds(5))
            .meterRegistry(fresh)
            .build());
        try {
            newcomer.connect().block(Duration.ofSeconds(30));
            Object answer = newcomer.invoke(new HelpGetCountriesList("en", 42)).block(Duration.ofSeconds(30));

            assertThat(((BaseHelpCountriesList) answer).hash()).isEqualTo(42);
            assertThat(server.connectionsAccepted()).isGreaterThanOrEqualTo(acceptedBefore + 2);
            assertThat(fresh.find("mtproto.key.exchange").tag("outcome", "failed").timer()).isNotNull()
                .satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
        } finally {
            newcomer.close().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void halfOpenConnectionIsDroppedByTheKeepalive() {
        AtomicInteger halfOpen = new AtomicInteger();

        callsThrough(() -> halfOpen.set(server.halfOpen()));

        assertThat(halfOpen.get()).isEqualTo(1);
        assertThat(count("mtproto.keepalive.timeouts")).isGreaterThanOrEqualTo(1);
    }

    // ------------------------------------------------------------------ through the proxy

    @Test
    void proxyLatency() {
        Duration latency = Duration.ofMillis(50);
        callsThrough(() -> proxy.resetStats().latency(latency));

        FaultProxy.Stats stats = proxy.stats();
        assertThat(stats.delayedChunks()).isPositive();
        assertThat(stats.minHold()).isGreaterThanOrEqualTo(latency);
        // a round trip crosses the proxy twice
        long start = System.nanoTime();
        client.invoke(new HelpGetCountriesList("en", 7)).block(Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(latency.multipliedBy(2));
    }

    @Test
    void proxyBandwidthLimit() {
        long bytesPerSecond = 512 * 1024;
        callsThrough(() -> proxy.resetStats().bandwidth(bytesPerSecond));

        FaultProxy.Stats stats = proxy.stats();
        assertThat(stats.throttledChunks()).isPositive();
        assertThat(stats.bytesToClient()).isPositive();
    }

    @Test
    void proxySplitsPackets() {
        callsThrough(() -> proxy.resetStats().split(7));

        FaultProxy.Stats stats = proxy.stats();
        // chunks went out in pieces of at most 7 bytes (a length prefix too is split)
        assertThat(stats.splitPieces()).isGreaterThan(stats.chunksRead());
    }

    @Test
    void proxyCoalescesPackets() {
        callsThrough(() -> proxy.resetStats().coalesce(Duration.ofMillis(20)));

        FaultProxy.Stats stats = proxy.stats();
        assertThat(stats.coalescedWrites()).isPositive();
        assertThat(stats.coalescedChunks()).isGreaterThanOrEqualTo(2 * stats.coalescedWrites());
    }

    @Test
    void proxyCutsAFrameToTheServer() {
        callsThrough(() -> proxy.resetStats().cutAfter(10));

        assertThat(proxy.stats().cuts()).singleElement().satisfies(cut -> {
            assertThat(cut.direction()).isEqualTo(FaultProxy.Direction.TO_SERVER);
            assertThat(cut.midFrame()).isTrue();
            assertThat(cut.bytesPassed()).isEqualTo(10);
            assertThat(cut.frameLength()).isGreaterThan(10);
        });
    }

    @Test
    void proxyCutsAFrameToTheClient() {
        callsThrough(() -> proxy.resetStats().cutAfter(FaultProxy.Direction.TO_CLIENT, 30));

        assertThat(proxy.stats().cuts()).singleElement().satisfies(cut -> {
            assertThat(cut.direction()).isEqualTo(FaultProxy.Direction.TO_CLIENT);
            assertThat(cut.midFrame()).isTrue();
            assertThat(cut.bytesPassed()).isEqualTo(30);
            assertThat(cut.frameLength()).isGreaterThan(30);
        });
    }

    @Test
    void proxyHalfOpenConnectionIsDroppedByTheKeepalive() {
        AtomicInteger silenced = new AtomicInteger();

        callsThrough(() -> silenced.set(proxy.resetStats().blackHole()));

        assertThat(silenced.get()).isEqualTo(1);
        assertThat(proxy.stats().swallowedBytes()).isPositive();
        assertThat(count("mtproto.keepalive.timeouts")).isGreaterThanOrEqualTo(1);
    }
}
