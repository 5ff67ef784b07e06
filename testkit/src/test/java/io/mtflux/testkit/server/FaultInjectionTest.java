package io.mtflux.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.tl.api.help.BaseHelpCountriesList;
import io.mtflux.core.tl.api.help.HelpGetCountriesList;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Each fault injected while 1,000 requests are in flight: every request completes exactly once with its own
 * answer (an echo of its argument), nothing hangs.
 */
class FaultInjectionTest {
    private static final int IN_FLIGHT = 1_000;
    private MtprotoServer server;
    private MtprotoClient client;

    @BeforeEach
    void setUp() {
        server = TestServers.start(2);
        client = MtprotoClient.create(TestServers.client(server)
            .retry(RpcRetry.defaults().withBackoff(Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(100))))
            .build());
        client.connect().block(Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() {
        client.close().block(Duration.ofSeconds(10));
        server.stop().block(Duration.ofSeconds(10));
    }

    static List<Arguments> faults() {
        return List.of(
            Arguments.of("drop connections", (Consumer<MtprotoServer>) MtprotoServer::dropConnections),
            Arguments.of("rotate the salt", (Consumer<MtprotoServer>) MtprotoServer::rotateSalts),
            Arguments.of("forget sessions", (Consumer<MtprotoServer>) MtprotoServer::forgetSessions),
            Arguments.of("forget auth keys", (Consumer<MtprotoServer>) s -> {
                s.forgetAuthKeys();
                s.dropConnections();
            }),
            Arguments.of("drop replies then the connection", (Consumer<MtprotoServer>) s -> {
                s.faults().dropReplies(IN_FLIGHT / 2);
                Mono.delay(Duration.ofMillis(300), Schedulers.parallel()).subscribe(t -> s.dropConnections());
            }),
            Arguments.of("flood waits", (Consumer<MtprotoServer>) s -> s.faults()
                .failNext("help.getCountriesList", 200, RpcException.of(420, "FLOOD_WAIT_1"))),
            Arguments.of("internal errors", (Consumer<MtprotoServer>) s -> s.faults()
                .failNext("help.getCountriesList", 300, RpcException.of(500, "RPC_CALL_FAIL"))),
            Arguments.of("restart the server", (Consumer<MtprotoServer>) s -> {
                s.stop().block();
                s.start().block();
            }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void everyRequestCompletesOnceWithItsOwnAnswer(String name, Consumer<MtprotoServer> fault) {
        server.faults().delayReplies(Duration.ofMillis(200));
        Mono<List<Integer>> all = Flux.range(0, IN_FLIGHT)
            .flatMap(i -> client.invoke(new HelpGetCountriesList("en", i))
                .map(answer -> ((BaseHelpCountriesList) answer).hash())
                .doOnNext(hash -> assertThat(hash).isEqualTo(i)), IN_FLIGHT)
            .collectList();
        Mono<Void> inject = Mono.delay(Duration.ofMillis(100), Schedulers.boundedElastic())
            .doOnNext(t -> {
                fault.accept(server);
                server.faults().delayReplies(Duration.ZERO);
            }).then();
        List<Integer> answers = Mono.zip(all, inject.thenReturn(true)).map(t -> t.getT1())
            .block(Duration.ofSeconds(120));
        assertThat(answers).hasSize(IN_FLIGHT).doesNotHaveDuplicates();
    }
}
