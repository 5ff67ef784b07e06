package io.mtflux.transport.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leaked {@link ByteBuf} (tests run with paranoid leak detection).
 * Registered for every test class through JUnit's extension auto-detection. Netty only notices a leak when
 * the leaked buffer has been garbage collected and another buffer is allocated, so the check forces both.
 */
public final class NoLeaksExtension implements AfterAllCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        ByteBufUtil.setLeakListener((type, records) -> LEAKS.add(type + ": " + records));
    }

    /** Installs the listener (class initialisation does it). */
    public static void install() {
        // static initializer
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported " + leaks.size() + " leaked buffer(s) in "
                + context.getDisplayName() + ":\n" + String.join("\n", leaks));
        }
    }

    /**
     * Forces leak detection and returns (and forgets) every leak reported so far.
     *
     * @return leak reports
     */
    public static List<String> collectLeaks() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            for (int i = 0; i < 32; i++) {
                PooledByteBufAllocator.DEFAULT.directBuffer(8).release();
                PooledByteBufAllocator.DEFAULT.heapBuffer(8).release();
                UnpooledByteBufAllocator.DEFAULT.directBuffer(8).release();
                UnpooledByteBufAllocator.DEFAULT.heapBuffer(8).release();
            }
        }
        List<String> out = new ArrayList<>(LEAKS);
        LEAKS.clear();
        return out;
    }
}
