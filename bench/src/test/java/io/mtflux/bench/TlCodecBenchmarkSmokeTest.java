package io.mtflux.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.tl.api.messages.MessagesMessages;
import org.junit.jupiter.api.Test;

/** Runs each benchmark body once, so a broken fixture fails the build instead of a later JMH run. */
class TlCodecBenchmarkSmokeTest {

    @Test
    void fixturesEncodeAndDecode() {
        for (String payload : new String[] {"messages", "user"}) {
            TlCodecBenchmark bench = new TlCodecBenchmark();
            bench.payload = payload;
            bench.setUp();
            assertThat(bench.encode()).isPositive();
            assertThat(bench.decode()).isNotNull();
        }
        assertThat(TlCodecBenchmark.messages()).isInstanceOf(MessagesMessages.class);
    }
}
