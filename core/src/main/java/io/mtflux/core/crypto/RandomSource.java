package io.mtflux.core.crypto;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Where every random byte of the protocol comes from: nonces, padding, RSA_PAD keys, DH and SRP secrets.
 *
 * <p>Production code uses {@link #secure()}; tests inject a deterministic source so that the published
 * handshake and SRP vectors can be reproduced byte for byte. Implementations must be safe for use from
 * several threads.
 */
@FunctionalInterface
public interface RandomSource {

    /**
     * Fills {@code bytes} entirely with random bytes.
     *
     * @param bytes the array to fill
     */
    void nextBytes(byte[] bytes);

    /**
     * Returns {@code length} fresh random bytes.
     *
     * @param length how many bytes
     * @return a new array of that length
     */
    default byte[] bytes(int length) {
        byte[] out = new byte[length];
        nextBytes(out);
        return out;
    }

    /**
     * Returns a uniformly distributed int in {@code [0, bound)}.
     *
     * @param bound exclusive upper bound, positive
     * @return the value
     */
    default int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive");
        }
        byte[] b = bytes(4);
        int r = ((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff)) >>> 1;
        // Rejection sampling keeps the result unbiased for bounds that are not powers of two.
        int limit = Integer.MAX_VALUE - (Integer.MAX_VALUE % bound);
        while (r >= limit) {
            nextBytes(b);
            r = ((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff)) >>> 1;
        }
        return r % bound;
    }

    /**
     * Returns a random long (8 fresh bytes, little-endian).
     *
     * @return the value
     */
    default long nextLong() {
        byte[] b = bytes(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    /**
     * A source backed by a JDK {@link SecureRandom} (a shared, thread-safe instance).
     *
     * @return the default cryptographically secure source
     */
    static RandomSource secure() {
        return SecureRandomSource.DEFAULT;
    }

    /**
     * A source backed by the given generator.
     *
     * @param random a cryptographically secure generator
     * @return a source that delegates to it
     */
    static RandomSource of(SecureRandom random) {
        return new SecureRandomSource(Objects.requireNonNull(random, "random"));
    }
}
