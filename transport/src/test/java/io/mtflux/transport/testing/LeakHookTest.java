package io.mtflux.transport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the leak hook works: a deliberately dropped buffer is reported (so a real leak fails its class). */
class LeakHookTest {

    @Test
    void droppedBufferIsReported() {
        NoLeaksExtension.collectLeaks();
        leakOne();
        List<String> leaks = List.of();
        for (int i = 0; i < 20 && leaks.isEmpty(); i++) {
            leaks = NoLeaksExtension.collectLeaks();
        }
        assertThat(leaks).isNotEmpty();
    }

    private static void leakOne() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        buf.writeLong(42);
    }
}
