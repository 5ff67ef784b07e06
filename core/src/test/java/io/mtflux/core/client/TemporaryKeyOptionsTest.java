package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.metrics.ClientMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code ClientOptions.temporaryKeys}: validation, toString, the settings, and when a key is renewed. */
class TemporaryKeyOptionsTest {

    private static ClientOptions.Builder builder() {
        return ClientOptions.builder().apiId(1).apiHash("0123456789abcdef0123456789abcdef");
    }

    @Test
    void offByDefaultAndOffAgainWithNull() {
        ClientOptions options = builder().build();
        assertThat(options.temporaryKeys()).isEmpty();
        assertThat(options.toString()).contains("temporaryKeys=off");
        ClientOptions on = builder().temporaryKeys(Duration.ofHours(24)).build();
        assertThat(on.temporaryKeys()).contains(Duration.ofHours(24));
        assertThat(on.mutate().build().temporaryKeys()).contains(Duration.ofHours(24));
        assertThat(on.mutate().temporaryKeys(null).build().temporaryKeys()).isEmpty();
    }

    @Test
    void toStringShowsTheLifetime() {
        assertThat(builder().temporaryKeys(Duration.ofSeconds(90)).build().toString())
            .contains("temporaryKeys=PT1M30S").doesNotContain("0123456789abcdef");
    }

    @Test
    void rejectsLifetimesThatAreNoExpiresIn() {
        assertThatThrownBy(() -> builder().temporaryKeys(Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 second");
        assertThatThrownBy(() -> builder().temporaryKeys(Duration.ofSeconds(-5)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 second");
        assertThatThrownBy(() -> builder().temporaryKeys(Duration.ofMillis(999)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 second");
        assertThatThrownBy(() -> builder().temporaryKeys(Duration.ofMillis(1500)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> builder().temporaryKeys(Duration.ofSeconds(Integer.MAX_VALUE + 1L)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int of seconds");
    }

    @Test
    void theSettingsCarryTheLifetimeInSeconds() {
        ClientOptions on = builder().temporaryKeys(Duration.ofMinutes(5)).build();
        assertThat(new ClientSettings(on, on.dcOptions(), ClientMetrics.NONE, ClientResources.shared())
            .temporaryKeySeconds()).isEqualTo(300);
        ClientOptions off = builder().build();
        assertThat(new ClientSettings(off, off.dcOptions(), ClientMetrics.NONE, ClientResources.shared())
            .temporaryKeySeconds()).isZero();
    }

    @Test
    void aKeyIsRenewedAtEightyPercentOfItsLifeButAtMostAMinuteEarly() {
        assertThat(TempKeyBinder.renewAfter(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(8));
        assertThat(TempKeyBinder.renewAfter(Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(4));
        assertThat(TempKeyBinder.renewAfter(Duration.ofDays(1))).isEqualTo(Duration.ofDays(1).minusMinutes(1));
        assertThat(TempKeyBinder.renewAfter(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(800));
    }
}
