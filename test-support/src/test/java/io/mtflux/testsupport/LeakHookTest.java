package io.mtflux.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;

/**
 * Proves the leak check every test class gets: a class that drops a buffer on purpose is failed by
 * {@link NoLeaksExtension} (found through auto-detection alone), and one that releases its buffer is not.
 */
class LeakHookTest {

    @Test
    void aClassThatLeaksABufferFailsWithTheLeakReport() {
        Outcomes outcomes = Outcomes.of(LeaksOnPurpose.class);
        TestExecutionResult result = outcomes.of("LeakHookTest$LeaksOnPurpose");
        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(result.getThrowable()).get().isInstanceOf(AssertionError.class)
            .extracting(Throwable::getMessage).asString()
            .startsWith("Netty reported 1 leaked buffer(s) in LeakHookTest$LeaksOnPurpose")
            .contains(LeaksOnPurpose.hint);
        // the verdict is the extension's, after the class: the test method itself passed
        assertThat(outcomes.of("dropsABuffer()").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    }

    @Test
    void theCheckSeesNettysTrackedBuffers() {
        // the shortcut of a class that leaves no tracked buffer alive must be the real thing: it reads Netty's set
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        try {
            assertThat(NoLeaksExtension.trackedBufferCount()).isPositive();
        } finally {
            buf.release();
        }
    }

    @Test
    void aClassThatReleasesItsBufferPasses() {
        Outcomes outcomes = Outcomes.of(ReleasesItsBuffer.class);
        assertThat(outcomes.of("LeakHookTest$ReleasesItsBuffer").getStatus())
            .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(outcomes.of("releasesABuffer()").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    }

    /** Run only through {@link Outcomes}: not a name surefire runs. */
    static class LeaksOnPurpose {
        static volatile String hint;

        @Test
        void dropsABuffer() {
            hint = "leaked-on-purpose-" + UUID.randomUUID();
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(16);
            // a hint unique to this run: Netty reports a leak with the same records only once per JVM
            buf.touch(hint);
            buf.writeLong(42);
        }
    }

    /** Run only through {@link Outcomes}. */
    static class ReleasesItsBuffer {
        @Test
        void releasesABuffer() {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(16);
            buf.writeLong(42);
            buf.release();
        }
    }
}
