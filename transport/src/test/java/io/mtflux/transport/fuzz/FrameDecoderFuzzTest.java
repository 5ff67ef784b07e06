package io.mtflux.transport.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.framing.Side;

/** Fuzz targets for every framing decoder, on both sides, with a small frame limit so lengths matter. */
class FrameDecoderFuzzTest {

    @FuzzTest(maxDuration = "40s")
    void decoders(FuzzedDataProvider data) {
        Framing framing = data.pickValue(Framing.values());
        Side side = data.consumeBoolean() ? Side.CLIENT : Side.SERVER;
        int max = data.consumeInt(1, 4096);
        int n = data.consumeInt(0, 8);
        int[] cuts = new int[n];
        for (int i = 0; i < n; i++) {
            cuts[i] = data.consumeInt(1, 300);
        }
        FuzzHarness.run(data.consumeRemainingAsBytes(), cuts, framing.newDecoder(side, max));
    }
}
