package io.mtflux.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.event.ConnectionState;
import io.mtflux.core.event.ConnectionStateChanged;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code client.events()} tells each change of a DC connection's coarse state once: connecting, ready, dropped
 * (disconnected), connecting again, ready again, and closed with the client.
 */
@ExtendWith(TestkitExtension.class)
class ClientConnectionEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aDropAndReconnectAreEmittedOnceEachInOrder(TestCluster cluster) throws InterruptedException {
        MtprotoClient client = Logins.client(cluster);
        List<ConnectionStateChanged> seen = new CopyOnWriteArrayList<>();
        client.events().ofType(ConnectionStateChanged.class).subscribe(seen::add);
        client.connect().block(WAIT);
        assertThat(seen).extracting(ConnectionStateChanged::state)
            .containsExactly(ConnectionState.CONNECTING, ConnectionState.READY);
        assertThat(seen).allSatisfy(e -> {
            assertThat(e.dcId()).isEqualTo(2);
            assertThat(e.homeDc()).isTrue();
            assertThat(e.accountId()).isEqualTo("default");
        });

        cluster.dc(2).dropConnections();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (seen.size() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(seen).extracting(ConnectionStateChanged::state).containsExactly(ConnectionState.CONNECTING,
            ConnectionState.READY, ConnectionState.DISCONNECTED, ConnectionState.CONNECTING, ConnectionState.READY);
        assertThat(client.invoke(new HelpGetNearestDc()).block(WAIT)).isNotNull();

        client.close().block(WAIT);
        assertThat(seen.get(seen.size() - 1).state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(seen).hasSize(6);
    }
}
