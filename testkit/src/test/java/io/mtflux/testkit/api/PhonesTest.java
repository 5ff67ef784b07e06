package io.mtflux.testkit.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PhonesTest {

    @Test
    void commonSpellingsNormalizeToDigits() {
        assertThat(Phones.normalize("+1 (555) 000-1111")).isEqualTo("15550001111");
        assertThat(Phones.normalize("15550001111")).isEqualTo("15550001111");
        assertThat(Phones.normalize("+44.20.7946.0000")).isEqualTo("442079460000");
    }

    @Test
    void nonNumbersAreRejected() {
        assertThat(Phones.normalize("12ab45678")).isNull();
        assertThat(Phones.normalize("1234")).isNull();
        assertThat(Phones.normalize("1234567890123456")).isNull();
        assertThat(Phones.normalize("1+5550001111")).isNull();
        assertThat(Phones.normalize("++15550001111")).isNull();
        assertThat(Phones.normalize(null)).isNull();
    }

    @Test
    void testNumbersCarryTheirDcAndCode() {
        assertThat(Phones.testNumberDc("9996621234")).isEqualTo(2);
        assertThat(Phones.testNumberDc("9996601234")).isZero();
        assertThat(Phones.testNumberDc("99966212345")).isZero();
        assertThat(Phones.testNumberDc("15550001111")).isZero();
        assertThat(Phones.testNumberCode(2, 5)).isEqualTo("22222");
    }

    @Test
    void theRateLimiterWaitsUntilTheOldestEventLeavesTheWindow() {
        RateLimiter limiter = new RateLimiter();
        Duration window = Duration.ofSeconds(60);
        assertThat(limiter.acquire("k", 2, window, 0)).isZero();
        assertThat(limiter.acquire("k", 2, window, 10_000)).isZero();
        assertThat(limiter.acquire("k", 2, window, 20_000)).isEqualTo(40);
        assertThat(limiter.waitSeconds("k", 2, window, 59_500)).isEqualTo(1);
        assertThat(limiter.acquire("k", 2, window, 60_000)).isZero();
        assertThat(limiter.waitSeconds("other", 1, window, 0)).isZero();
    }
}
