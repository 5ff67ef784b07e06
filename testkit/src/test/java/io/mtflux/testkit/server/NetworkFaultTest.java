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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What the network faults leave to check beyond exactly-once: {@code ExactlyOnceFaultTest} runs 1,000
 * {@code messages.sendMessage} through each of them (a transport flood, black holes, half-open connections, and a
 * {@link FaultProxy}'s latency, bandwidth limit, split and coalesced packets, cuts and half-open connections) and
 * checks that each fired. Here, with the idempotent echo call: the backoff after a transport flood ({@code -429})
 * and its metrics, the key exchange's own timeout on a black hole (no keepalive runs before a key), and that every
 * connection of a client rerouted to a proxy goes through it.
 */
class NetworkFaultTest {
    /** Calls in flight: enough to be re-sent over the reconnects (the 1,000-call load is the exactly-once suite's). */
    private static final int IN_FLIGHT = 100;
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
     * Sends {@value #IN_FLIGHT} echo calls with the replies held back 200 ms, injects the fault 100 ms later, and
     * checks that every call completes once with its own answer within a minute. Returns the time from the fault to
     * the last answer.
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
    void keyExchangeOnABlackHoledConnectionTimesOut() {
        // a client without a key: its first connection is a black hole, where no keepalive runs yet
        server.faults().blackHoleNewConnections(1);
        int acceptedBefore = server.connectionsAccepted();
        SimpleMeterRegistry fresh = new SimpleMeterRegistry();
        MtprotoClient newcomer = MtprotoClient.create(TestServers.client(server)
            // short, yet far above a key exchange on a loaded machine: the next connection's must finish within it
            .keyExchangeTimeout(Duration.ofSeconds(3))
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
}
