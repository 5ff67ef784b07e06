package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.metrics.ClientMetrics;
import io.mtflux.core.rpc.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reconnect waits and when waiting callers give up. */
class ReconnectPolicyTest {
    private final List<Integer> asked = new ArrayList<>();
    private final ReconnectPolicy policy = new ReconnectPolicy(attempt -> {
        asked.add(attempt);
        return Duration.ofMillis(100L << attempt);
    }, 3);

    @Test
    void eachAttemptAsksTheDelayForItsNumber() {
        assertThat(policy.nextDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.nextDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.nextDelay()).isEqualTo(Duration.ofMillis(400));
        assertThat(asked).containsExactly(0, 1, 2);
    }

    @Test
    void waitingCallersFailAfterMaxAttemptsInARow() {
        assertThat(policy.exhausted()).isFalse();
        policy.nextDelay();
        policy.nextDelay();
        assertThat(policy.exhausted()).isFalse();
        policy.nextDelay();
        assertThat(policy.exhausted()).isTrue();
        policy.onConnected();
        assertThat(policy.exhausted()).isFalse();
        assertThat(policy.attempt()).isZero();
        assertThat(policy.nextDelay()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aFloodAnswerSkipsTheShortWaitsButNeverGoesBack() {
        policy.onFlood();
        assertThat(policy.nextDelay()).isEqualTo(Duration.ofMillis(100L << ReconnectPolicy.FLOOD_ATTEMPT));
        for (int i = 0; i < 3; i++) {
            policy.nextDelay();
        }
        int later = policy.attempt();
        policy.onFlood();
        assertThat(policy.attempt()).isEqualTo(later);
    }

    @Test
    void theSettingsDelayCapsTheFirstReconnect() {
        ClientOptions options = ClientOptions.builder().apiId(1).apiHash("0123456789abcdef0123456789abcdef")
            .reconnectDelay(Delay.constant(Duration.ofSeconds(2))).maxConnectAttempts(2).build();
        ClientSettings settings = new ClientSettings(options, options.dcOptions(), ClientMetrics.NONE,
            ClientResources.shared());
        ReconnectPolicy fromSettings = ReconnectPolicy.of(settings);
        assertThat(fromSettings.nextDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(fromSettings.nextDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(fromSettings.exhausted()).isTrue();
    }

    @Test
    void rejectsANonPositiveAttemptLimit() {
        assertThatThrownBy(() -> new ReconnectPolicy(a -> Duration.ZERO, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
    }
}
