package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

/** The ownership rules of {@link ClientResources} (the many-clients run is in the testkit module). */
class ClientResourcesTest {

    private static ClientOptions.Builder client() {
        return ClientOptions.builder().apiId(1).apiHash("0123456789abcdef0123456789abcdef");
    }

    @Test
    void clientsDefaultToTheSharedResourcesWhichIgnoreShutdown() {
        MtprotoClient client = MtprotoClient.create(client().build());
        assertThat(client.resources()).isSameAs(ClientResources.shared());
        ClientResources.shared().shutdown().block(Duration.ofSeconds(10));
        assertThat(ClientResources.shared().isShutdown()).isFalse();
        assertThat(MtprotoClient.create(client().build()).resources()).isSameAs(ClientResources.shared());
    }

    @Test
    void shutdownIsIdempotentAndNoClientIsBuiltOnShutDownResources() {
        ClientResources resources = ClientResources.builder().ioThreads(1).build();
        assertThat(MtprotoClient.create(client().resources(resources).build()).resources()).isSameAs(resources);
        resources.shutdown().block(Duration.ofSeconds(10));
        resources.shutdown().block(Duration.ofSeconds(10));
        assertThat(resources.isShutdown()).isTrue();
        assertThatThrownBy(() -> MtprotoClient.create(client().resources(resources).build()))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("shut down");
    }

    @Test
    void givenLoopsAndSchedulerAreLeftRunning() {
        LoopResources loops = LoopResources.create("given-loops", 1, true);
        try {
            ClientResources resources = ClientResources.builder().loops(loops).computation(Schedulers.single())
                .build();
            assertThat(resources.loops()).isSameAs(loops);
            assertThat(resources.computation()).isSameAs(Schedulers.single());
            resources.shutdown().block(Duration.ofSeconds(10));
            assertThat(loops.isDisposed()).isFalse();
            assertThat(Schedulers.single().isDisposed()).isFalse();
        } finally {
            loops.disposeLater().block(Duration.ofSeconds(10));
        }
    }
}
