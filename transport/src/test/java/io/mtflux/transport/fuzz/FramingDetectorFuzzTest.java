package io.mtflux.transport.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.internal.server.FramingDetector;
import io.mtflux.transport.mtproxy.FakeTlsServerHandler;
import io.mtflux.transport.mtproxy.MtProxySecret;
import java.time.Duration;

/**
 * Fuzz targets for the server's first-bytes detector, alone and behind the MTProxy layers. In a normal test
 * run Jazzer replays the regression inputs under {@code FramingDetectorFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes.
 */
class FramingDetectorFuzzTest {

    private static final MtProxySecret SIMPLE = MtProxySecret.parse("8a96ef6e42a18c21837580cd1c91c5a8");
    private static final MtProxySecret TLS =
        MtProxySecret.parse("ee00112233445566778899aabbccddeeff6578616d706c652e636f6d");

    private static int[] cuts(FuzzedDataProvider data) {
        int n = data.consumeInt(0, 8);
        int[] cuts = new int[n];
        for (int i = 0; i < n; i++) {
            cuts[i] = data.consumeInt(1, 200);
        }
        return cuts;
    }

    @FuzzTest(maxDuration = "40s")
    void directServer(FuzzedDataProvider data) {
        int[] cuts = cuts(data);
        FuzzHarness.run(data.consumeRemainingAsBytes(), cuts,
            new FramingDetector(Framing.DEFAULT_MAX_FRAME_LENGTH, null, false, false));
    }

    @FuzzTest(maxDuration = "40s")
    void mtproxyServer(FuzzedDataProvider data) {
        int[] cuts = cuts(data);
        FuzzHarness.run(data.consumeRemainingAsBytes(), cuts, new FramingDetector(1 << 20, SIMPLE.key(), true, false));
    }

    @FuzzTest(maxDuration = "40s")
    void fakeTlsServer(FuzzedDataProvider data) {
        int[] cuts = cuts(data);
        FuzzHarness.run(data.consumeRemainingAsBytes(), cuts,
            new FakeTlsServerHandler(TLS, Duration.ofDays(100_000)),
            new FramingDetector(1 << 20, TLS.key(), true, true));
    }
}
