package io.mtflux.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DelayTest {

    @Test
    void exponentialDoublesUpToTheCap() {
        Delay delay = Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(30));
        assertThat(delay.delay(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(delay.delay(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(delay.delay(8)).isEqualTo(Duration.ofMillis(25_600));
        assertThat(delay.delay(9)).isEqualTo(Duration.ofSeconds(30));
        assertThat(delay.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void equalJitterStaysWithinHalfAndWhole() {
        Delay delay = Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(30)).equalJitter();
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 1000; i++) {
            long ms = delay.delay(3).toMillis();
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertThat(min).isGreaterThanOrEqualTo(400);
        assertThat(max).isLessThanOrEqualTo(800);
        // 1,000 draws of a uniform spread reach both quarters
        assertThat(min).isLessThan(500);
        assertThat(max).isGreaterThan(700);
    }

    @Test
    void fullJitterSpreadsFromZero() {
        Delay delay = Delay.exponential(Duration.ofSeconds(1), Duration.ofSeconds(1)).fullJitter();
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 1000; i++) {
            long ms = delay.delay(0).toMillis();
            assertThat(ms).isBetween(0L, 1000L);
            min = Math.min(min, ms);
        }
        assertThat(min).isLessThan(100);
    }

    @Test
    void constantAndNone() {
        assertThat(Delay.constant(Duration.ofSeconds(2)).delay(7)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Delay.none().delay(3)).isZero();
    }

    @Test
    void badBoundsAndAttemptsAreRejected() {
        assertThatThrownBy(() -> Delay.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower <= upper");
        assertThatThrownBy(() -> Delay.exponential(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Delay.constant(Duration.ofSeconds(1)).delay(-1))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
