package io.mtflux.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.tl.api.help.BaseHelpCountriesList;
import io.mtflux.core.tl.api.help.HelpGetCountriesList;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;

/**
 * Bad input from the server's side: the client drops the connection that carried it, reconnects, gets its
 * answers (re-sent from the server's answer cache), and never replaces its auth key.
 */
class ServerBadInputTest {
    private MtprotoServer server;
    private MtprotoClient client;
    private final InMemorySessionStore store = new InMemorySessionStore();

    @BeforeEach
    void setUp() {
        server = TestServers.start(2);
        client = MtprotoClient.create(TestServers.client(server).sessionStore(store).build());
        client.connect().block(Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() {
        client.close().block(Duration.ofSeconds(10));
        server.stop().block(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @EnumSource(Faults.Tamper.class)
    void badPacketsAreDroppedAndTheClientRecovers(Faults.Tamper tamper) {
        long key = store.load("default").block().dc(2).orElseThrow().authKey().id();
        server.faults().tamperNext(tamper);
        List<Integer> hashes = Flux.range(0, 50)
            .flatMap(i -> client.invoke(new HelpGetCountriesList("en", i)))
            .map(answer -> ((BaseHelpCountriesList) answer).hash())
            .collectList().block(Duration.ofSeconds(60));
        assertThat(hashes).hasSize(50).doesNotHaveDuplicates();
        // the tamper met a packet (and only one): the recovery above followed a real bad packet
        assertThat(server.faults().tampersFired(tamper)).isEqualTo(1);
        assertThat(server.faults().tampersPending()).isZero();
        assertThat(store.load("default").block().dc(2).orElseThrow().authKey().id()).isEqualTo(key);
        assertThat(server.authKeys()).hasSize(1);
    }
}
