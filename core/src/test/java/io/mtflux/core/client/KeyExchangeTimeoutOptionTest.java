package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link ClientOptions.Builder#keyExchangeTimeout}: its default, validation and copy by {@code mutate()}. */
class KeyExchangeTimeoutOptionTest {

    @Test
    void defaultsToThirtySecondsAndSurvivesMutate() {
        ClientOptions options = ClientOptions.builder().apiId(1).apiHash("0123456789abcdef").build();
        assertThat(options.keyExchangeTimeout()).isEqualTo(Duration.ofSeconds(30));
        ClientOptions shorter = options.mutate().keyExchangeTimeout(Duration.ofSeconds(5)).build();
        assertThat(shorter.keyExchangeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(shorter.mutate().build().keyExchangeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(shorter.toString()).contains("keyExchangeTimeout=PT5S");
    }

    @Test
    void mustBePositive() {
        assertThatThrownBy(() -> ClientOptions.builder().keyExchangeTimeout(Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyExchangeTimeout");
        assertThatThrownBy(() -> ClientOptions.builder().keyExchangeTimeout(Duration.ofSeconds(-1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyExchangeTimeout");
    }
}
