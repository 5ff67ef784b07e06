package io.mtflux.core.fuzz;

import io.mtflux.core.crypto.RandomSource;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Reproducible randomness for fuzz targets: SHA-256 over a label and a counter. A fuzz input must lead to the same
 * run every time (a finding is useless if it cannot be replayed), and seeds recorded from a real exchange only
 * stay valid when both sides draw the same nonces again. Never for anything but tests.
 */
public final class DeterministicRandom implements RandomSource {

    private final byte[] label;
    private long counter;
    private final byte[] block = new byte[32];
    private int used = block.length;

    /**
     * @param label distinguishes independent streams
     */
    public DeterministicRandom(String label) {
        this.label = label.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (used == block.length) {
                refill();
            }
            bytes[i] = block[used++];
        }
    }

    private void refill() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(label);
            sha.update(ByteBuffer.allocate(8).putLong(counter++).array());
            System.arraycopy(sha.digest(), 0, block, 0, block.length);
            used = 0;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
