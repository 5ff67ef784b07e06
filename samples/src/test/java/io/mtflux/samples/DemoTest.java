package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {

    @Test
    void demoPrintsTheLayerAndAnIdenticalRoundTripWithoutTheApiHash() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(out).contains("layer 228").contains("round trip     : identical")
            .contains("apiHash=<redacted 32 bytes>").doesNotContain("0123456789abcdef0123456789abcdef");
    }
}
