package io.mtflux.transport.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtflux.transport.internal.server.FramingDetector;
import io.mtflux.transport.mtproxy.MtProxySecret;

/**
 * Fuzz target for the server's first-bytes detector behind the obfuscated MTProxy layer (simple secret). The
 * normal test run replays the regression inputs under {@code MtProxyDetectorFuzzTestInputs/} and then fuzzes it
 * for a short time (core/README.md "Fuzzing").
 */
class MtProxyDetectorFuzzTest {

    private static final MtProxySecret SIMPLE = MtProxySecret.parse("8a96ef6e42a18c21837580cd1c91c5a8");

    @FuzzTest(maxDuration = "40s")
    void mtproxyServer(FuzzedDataProvider data) {
        int[] cuts = FuzzHarness.cuts(data);
        FuzzHarness.run(data.consumeRemainingAsBytes(), cuts, new FramingDetector(1 << 20, SIMPLE.key(), true, false));
    }
}
