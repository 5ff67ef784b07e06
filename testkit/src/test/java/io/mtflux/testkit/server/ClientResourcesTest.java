package io.mtflux.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.ClientResources;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.tl.api.NearestDc;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Thousands of clients on one {@link ClientResources}: a fixed number of threads, clean close and shutdown. */
class ClientResourcesTest {
    private static final int CLIENTS = 2_000;
    /** Threads the run may add on top of those alive before it (independent of the number of clients). */
    private static final int THREAD_BUDGET = 24;

    private MtprotoServer server;
    private ClientResources resources;

    @BeforeEach
    void setUp() {
        server = TestServers.start(2);
        resources = ClientResources.builder().ioThreads(2).build();
    }

    @AfterEach
    void tearDown() {
        resources.shutdown().block(Duration.ofSeconds(30));
        server.stop().block(Duration.ofSeconds(10));
    }

    @Test
    void twoThousandClientsShareTheResourcesWithABoundedNumberOfThreads() throws InterruptedException {
        // one auth key for all: each client opens its own session on it, so no client runs a key exchange
        InMemorySessionStore store = new InMemorySessionStore();
        MtprotoClient seed = MtprotoClient.create(TestServers.client(server).resources(resources).sessionStore(store)
            .accountId("seed").build());
        seed.connect().block(Duration.ofSeconds(30));
        seed.close().block(Duration.ofSeconds(10));
        SessionState withKey = store.load("seed").block().withVersion(0);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        AtomicInteger peak = new AtomicInteger(before);
        List<MtprotoClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            store.save("account-" + i, withKey).block();
            clients.add(MtprotoClient.create(TestServers.client(server).resources(resources).sessionStore(store)
                .accountId("account-" + i).build()));
        }
        List<NearestDc> answers = Flux.fromIterable(clients)
            .flatMap(c -> c.connect().then(c.invoke(new HelpGetNearestDc())), 200)
            .doOnNext(answer -> peak.accumulateAndGet(threads.getThreadCount(), Math::max))
            .collectList().block(Duration.ofSeconds(180));

        assertThat(answers).hasSize(CLIENTS).allSatisfy(n -> assertThat(n.thisDc()).isEqualTo(2));
        assertThat(server.authKeys()).hasSize(1);
        assertThat(peak.get() - before).as("threads added while %d clients ran", CLIENTS)
            .isLessThanOrEqualTo(THREAD_BUDGET);
        assertThat(clients).allSatisfy(c -> assertThat(c.resources()).isSameAs(resources));

        Flux.fromIterable(clients).flatMap(MtprotoClient::close, 200).then().block(Duration.ofSeconds(60));
        // closing the clients left the shared resources running: a new client still works on them
        store.save("late", withKey).block();
        MtprotoClient late = MtprotoClient.create(TestServers.client(server).resources(resources).sessionStore(store)
            .accountId("late").build());
        late.connect().block(Duration.ofSeconds(30));
        assertThat(late.invoke(new HelpGetNearestDc()).block(Duration.ofSeconds(10)).thisDc()).isEqualTo(2);
        late.close().block(Duration.ofSeconds(10));

        resources.shutdown().block(Duration.ofSeconds(30));
        assertThat(resources.isShutdown()).isTrue();
        // the resources' own threads end (a terminated event loop's thread may take a moment to return)
        List<Thread> own = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("mtflux-io-r") || t.getName().startsWith("mtflux-timer-r")).toList();
        for (Thread t : own) {
            t.join(10_000);
        }
        assertThat(own).noneMatch(Thread::isAlive);
    }
}
