package io.mtflux.transport.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.internal.server.FramingDetector;

/**
 * Fuzz target for the server's first-bytes detector (one target per class: Jazzer fuzzes one per JVM; the
 * MTProxy layers have {@code MtProxyDetectorFuzzTest} and {@code FakeTlsDetectorFuzzTest}). The normal test run
 * replays the regression inputs under {@code FramingDetectorFuzzTestInputs/} and then fuzzes it for a short time
 * (core/README.md "Fuzzing").
 */
class FramingDetectorFuzzTest {

    @FuzzTest(maxDuration = "40s")
    void directServer(FuzzedDataProvider data) {
        int[] cuts = FuzzHarness.cuts(data);
        FuzzHarness.run(data.consumeRemainingAsBytes(), cuts,
            new FramingDetector(Framing.DEFAULT_MAX_FRAME_LENGTH, null, false, false));
    }
}
