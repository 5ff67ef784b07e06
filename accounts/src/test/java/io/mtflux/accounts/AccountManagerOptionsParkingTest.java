package io.mtflux.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.client.ClientOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The parking options: off by default, validated, kept by mutate(), shown by toString(); the sweep period. */
class AccountManagerOptionsParkingTest {
    private static final ClientOptions TEMPLATE = ClientOptions.builder().apiId(1).apiHash("0123456789abcdef").build();

    @Test
    void parkingIsOffByDefault() {
        AccountManagerOptions o = AccountManagerOptions.builder().clientTemplate(TEMPLATE).build();
        assertThat(o.idleParkAfter()).isEmpty();
        assertThat(o.wakeEvery()).isEmpty();
        assertThat(o.startParked()).isFalse();
        assertThat(o.toString()).doesNotContain("idleParkAfter", "wakeEvery", "startParked");
    }

    @Test
    void theOptionsAreKeptAndShown() {
        AccountManagerOptions o = AccountManagerOptions.builder().clientTemplate(TEMPLATE)
            .idleParkAfter(Duration.ofMinutes(5)).wakeEvery(Duration.ofHours(1)).startParked(true).build();
        assertThat(o.idleParkAfter()).contains(Duration.ofMinutes(5));
        assertThat(o.wakeEvery()).contains(Duration.ofHours(1));
        assertThat(o.startParked()).isTrue();
        assertThat(o.toString()).contains("idleParkAfter=PT5M", "wakeEvery=PT1H", "startParked");
        AccountManagerOptions copy = o.mutate().build();
        assertThat(copy.idleParkAfter()).isEqualTo(o.idleParkAfter());
        assertThat(copy.wakeEvery()).isEqualTo(o.wakeEvery());
        assertThat(copy.startParked()).isTrue();
        assertThat(o.mutate().idleParkAfter(null).wakeEvery(null).build().idleParkAfter()).isEmpty();
    }

    @Test
    void tooShortPeriodsAreRefused() {
        AccountManagerOptions.Builder b = AccountManagerOptions.builder().clientTemplate(TEMPLATE);
        assertThatThrownBy(() -> b.idleParkAfter(Duration.ofMillis(9))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("idleParkAfter");
        assertThatThrownBy(() -> b.idleParkAfter(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.wakeEvery(Duration.ofMillis(99))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("wakeEvery");
        assertThat(b.idleParkAfter(Duration.ofMillis(10)).wakeEvery(Duration.ofMillis(100)).build().wakeEvery())
            .contains(Duration.ofMillis(100));
    }

    @Test
    void theSweepRunsAQuarterOfTheShortestPeriodWithin10MillisAnd1Second() {
        long ms = Duration.ofMillis(1).toNanos();
        assertThat(AccountManager.sweepEvery(400 * ms, 0)).isEqualTo(Duration.ofMillis(100));
        assertThat(AccountManager.sweepEvery(0, 400 * ms)).isEqualTo(Duration.ofMillis(100));
        assertThat(AccountManager.sweepEvery(800 * ms, 400 * ms)).isEqualTo(Duration.ofMillis(100));
        assertThat(AccountManager.sweepEvery(20 * ms, 0)).isEqualTo(Duration.ofMillis(10));
        assertThat(AccountManager.sweepEvery(0, Duration.ofHours(1).toNanos())).isEqualTo(Duration.ofSeconds(1));
    }
}
