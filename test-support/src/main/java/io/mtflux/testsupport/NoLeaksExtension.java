package io.mtflux.testsupport;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leaked {@link ByteBuf} (the build runs every test JVM with
 * {@code -Dio.netty.leakDetection.level=paranoid}: every buffer is tracked). Registered for every test class of
 * every module that has this module on its test classpath, through JUnit's extension auto-detection
 * ({@code META-INF/services/org.junit.jupiter.api.extension.Extension}, switched on by the root pom): no test class
 * can forget it. Netty only notices a leak once the leaked buffer has been garbage collected and another buffer is
 * allocated, so the check after each class forces both.
 */
public final class NoLeaksExtension implements AfterAllCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    /** Netty's set of the buffers it tracks and has not yet found leaked or released (null: not reachable). */
    private static final Set<?> TRACKED = trackedBuffers();

    static {
        ByteBufUtil.setLeakListener((type, records) -> LEAKS.add(type + ": " + records));
    }

    /** Creates the extension (JUnit's service loader does). */
    public NoLeaksExtension() {
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
        if (TRACKED != null && TRACKED.isEmpty() && LEAKS.isEmpty()) {
            // no tracked buffer is alive, so none can have leaked: the collection is not needed (most unit test
            // classes end this way)
            return List.of();
        }
        // one full collection per class (the check's cost, paid by every test class of the build): it finds the
        // unreachable tracked buffers; a leak Netty reports later still fails the next class of the JVM
        System.gc();
        try {
            // the reference handler thread enqueues the collected buffers' references
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // an allocation polls the queue of collected, unreleased buffers and reports them
        for (int i = 0; i < 16; i++) {
            PooledByteBufAllocator.DEFAULT.directBuffer(8).release();
            PooledByteBufAllocator.DEFAULT.heapBuffer(8).release();
            UnpooledByteBufAllocator.DEFAULT.directBuffer(8).release();
            UnpooledByteBufAllocator.DEFAULT.heapBuffer(8).release();
        }
        List<String> out = new ArrayList<>(LEAKS);
        LEAKS.removeAll(out);
        return out;
    }

    /** {@return how many buffers Netty tracks now (-1 when its set is not reachable)} */
    static int trackedBufferCount() {
        return TRACKED == null ? -1 : TRACKED.size();
    }

    /**
     * The set in which Netty's leak detector for buffers keeps every buffer it tracks until the buffer is released
     * or reported leaked (a private field: read by reflection, this is test code); null when that fails, and the
     * check then always collects.
     */
    private static Set<?> trackedBuffers() {
        try {
            Field detectorField = AbstractByteBuf.class.getDeclaredField("leakDetector");
            detectorField.setAccessible(true);
            Object detector = detectorField.get(null);
            Field all = ResourceLeakDetector.class.getDeclaredField("allLeaks");
            all.setAccessible(true);
            return all.get(detector) instanceof Set<?> set ? set : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
