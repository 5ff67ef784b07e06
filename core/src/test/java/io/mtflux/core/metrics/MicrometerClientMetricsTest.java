package io.mtflux.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MicrometerClientMetricsTest {

    @Test
    void clientsOnOneRegistryCountTheirConnectionsInOneGauge() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerClientMetrics first = new MicrometerClientMetrics(registry);
        MicrometerClientMetrics second = new MicrometerClientMetrics(registry);
        first.connections(1);
        second.connections(2);
        assertThat(registry.get("mtproto.connections.open").gauges()).hasSize(1);
        assertThat(registry.get("mtproto.connections.open").gauge().value()).isEqualTo(3.0);
        second.connections(-2);
        assertThat(registry.get("mtproto.connections.open").gauge().value()).isEqualTo(1.0);

        SimpleMeterRegistry other = new SimpleMeterRegistry();
        new MicrometerClientMetrics(other).connections(1);
        assertThat(other.get("mtproto.connections.open").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("mtproto.connections.open").gauge().value()).isEqualTo(1.0);
    }
}
