package io.mtflux.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mtflux.accounts.AccountManager;
import io.mtflux.accounts.AccountManagerOptions;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.testservers.PrometheusServer;
import io.mtflux.web.WebClient.Answer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the console finds its Prometheus registry, and what {@link ConsoleMetrics#configure} does to the meters.
 */
class ConsoleMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static AccountManager manager(MeterRegistry registry) {
        // no account is added: the template's DCs are never dialled
        return AccountManager.create(AccountManagerOptions.builder().sessionStore(new InMemorySessionStore())
            .clientTemplate(ClientOptions.builder().apiId(ConsoleFixture.API_ID).apiHash(ConsoleFixture.API_HASH)
                .build())
            .meterRegistry(registry).build());
    }

    @Test
    void aRegistryThatIsNoPrometheusOneFailsTheStartWithAClearMessage() {
        AccountManager m = manager(new SimpleMeterRegistry());
        try {
            assertThatThrownBy(() -> Console.start(ConsoleOptions.builder(m).build()).block(WAIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PrometheusMeterRegistry").hasMessageContaining("SimpleMeterRegistry");
        } finally {
            m.close().block(WAIT);
        }
    }

    @Test
    void aCompositeWithoutOneGetsOneAndServesItsMeters() {
        CompositeMeterRegistry composite = ConsoleMetrics.configure(new CompositeMeterRegistry());
        composite.add(new SimpleMeterRegistry());
        AccountManager m = manager(composite);
        Console console = Console.start(ConsoleOptions.builder(m).build()).block(WAIT);
        try {
            assertThat(composite.getRegistries()).hasAtLeastOneElementOfType(PrometheusMeterRegistry.class);
            Timer.builder("mtproto.rpc").tag("method", "users.getUsers").tag("outcome", "ok").register(composite)
                .record(Duration.ofMillis(12));
            Answer a = WebClient.get(console.url() + "metrics",
                Map.of("Authorization", "Bearer " + console.options().token()));
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).contains("# HELP mtproto_rpc_seconds RPC calls by method and outcome")
                .contains("mtproto_rpc_seconds_bucket{").contains("mtproto_accounts{");
            PrometheusServer.CheckResult check = PrometheusServer.promtoolCheckMetrics(a.body());
            assertThat(check.exitCode()).as(check.output()).isZero();
        } finally {
            console.close().block(WAIT);
            m.close().block(WAIT);
        }
    }

    @Test
    void theOptionsRegistryComesFirstAndAPrometheusOneIsUsedAsItIs() {
        PrometheusMeterRegistry own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        assertThat(ConsoleMetrics.prometheus(own)).isSameAs(own);
        CompositeMeterRegistry holding = new CompositeMeterRegistry();
        holding.add(own);
        assertThat(ConsoleMetrics.prometheus(holding)).isSameAs(own);
        AccountManager m = manager(new SimpleMeterRegistry());
        Console console = Console.start(ConsoleOptions.builder(m).meterRegistry(own).build()).block(WAIT);
        try {
            own.counter("mtflux.test.marker").increment();
            Answer a = WebClient.get(console.url() + "metrics",
                Map.of("Authorization", "Bearer " + console.options().token()));
            assertThat(a.body()).contains("mtflux_test_marker_total 1.0");
        } finally {
            console.close().block(WAIT);
            m.close().block(WAIT);
        }
    }
}
