package io.mtflux.transport.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.TransportException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * Feeds fuzzer bytes, in fuzzer-chosen chunks, into a pipeline and closes it. Typed transport errors are the
 * expected outcome of garbage; any other exception (or a leak, caught by the leak hook) is a bug.
 */
final class FuzzHarness {

    private FuzzHarness() {
    }

    /** Up to 8 chunk lengths (1 to 200 bytes) taken first from the fuzzer's data: where the input is cut. */
    static int[] cuts(FuzzedDataProvider data) {
        int n = data.consumeInt(0, 8);
        int[] cuts = new int[n];
        for (int i = 0; i < n; i++) {
            cuts[i] = data.consumeInt(1, 200);
        }
        return cuts;
    }

    static void run(byte[] data, int[] cuts, ChannelHandler... handlers) {
        EmbeddedChannel ch = new EmbeddedChannel(handlers);
        try {
            int at = 0;
            for (int i = 0; i <= cuts.length && at <= data.length && ch.isOpen(); i++) {
                int end = i < cuts.length ? Math.min(data.length, at + cuts[i]) : data.length;
                if (end > at) {
                    try {
                        ch.writeInbound(Unpooled.wrappedBuffer(data, at, end - at));
                    } catch (MalformedFrameException | TransportException expected) {
                        // garbage was recognised as garbage
                    }
                    drain(ch);
                }
                at = end;
            }
            try {
                ch.finish();
            } catch (MalformedFrameException | TransportException expected) {
                // e.g. truncated at close
            }
            drain(ch);
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    private static void drain(EmbeddedChannel ch) {
        Object msg;
        while ((msg = ch.readInbound()) != null) {
            ReferenceCountUtil.release(msg);
        }
        while ((msg = ch.readOutbound()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }
}
