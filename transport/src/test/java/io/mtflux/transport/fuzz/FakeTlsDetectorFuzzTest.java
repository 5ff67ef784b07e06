package io.mtflux.transport.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtflux.transport.internal.server.FramingDetector;
import io.mtflux.transport.mtproxy.FakeTlsServerHandler;
import io.mtflux.transport.mtproxy.MtProxySecret;
import java.time.Duration;

/**
 * Fuzz target for the server's first-bytes detector behind the fake-TLS MTProxy layer. The normal test run
 * replays the regression inputs under {@code FakeTlsDetectorFuzzTestInputs/} and then fuzzes it for a short time
 * (core/README.md "Fuzzing").
 */
class FakeTlsDetectorFuzzTest {

    private static final MtProxySecret TLS =
        MtProxySecret.parse("ee00112233445566778899aabbccddeeff6578616d706c652e636f6d");

    @FuzzTest(maxDuration = "40s")
    void fakeTlsServer(FuzzedDataProvider data) {
        int[] cuts = FuzzHarness.cuts(data);
        FuzzHarness.run(data.consumeRemainingAsBytes(), cuts,
            new FakeTlsServerHandler(TLS, Duration.ofDays(100_000)),
            new FramingDetector(1 << 20, TLS.key(), true, true));
    }
}
