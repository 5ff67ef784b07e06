package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {

    @Test
    void everyStepOfTheOfflineDemoPasses() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).as(out).contains("all steps passed").doesNotContain("FAIL");
        assertThat(code).isZero();
        assertThat(out).contains("PHONE_MIGRATE").contains("home DC now 3").contains("PhoneCodeInvalidException")
            .contains("bot ").contains("authorized afterwards: false");
    }
}
