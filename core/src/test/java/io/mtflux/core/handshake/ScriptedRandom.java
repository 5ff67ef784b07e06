package io.mtflux.core.handshake;

import io.mtflux.core.crypto.RandomSource;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Injected randomness for the published handshakes: each call must ask for exactly the length of the next
 * scripted chunk, so a different draw order fails loudly instead of silently producing other bytes.
 */
final class ScriptedRandom implements RandomSource {

    private final Deque<byte[]> chunks = new ArrayDeque<>();

    ScriptedRandom then(byte[] chunk) {
        chunks.add(chunk);
        return this;
    }

    boolean exhausted() {
        return chunks.isEmpty();
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        byte[] next = chunks.poll();
        if (next == null) {
            throw new AssertionError("no scripted randomness left for a draw of " + bytes.length + " bytes");
        }
        if (next.length != bytes.length) {
            throw new AssertionError("scripted chunk of " + next.length + " bytes, draw of " + bytes.length);
        }
        System.arraycopy(next, 0, bytes, 0, bytes.length);
    }
}
