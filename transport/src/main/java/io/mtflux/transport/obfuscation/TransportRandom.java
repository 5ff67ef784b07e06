package io.mtflux.transport.obfuscation;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The transport's source of secure randomness (obfuscated2 init headers, fake-TLS hellos). A DRBG seeded
 * once when this class loads, so that drawing from it on an event loop never touches a blocking entropy
 * device (BlockHound rejects a read of {@code /dev/random} there).
 */
public final class TransportRandom {

    private static final SecureRandom RANDOM = create();

    private TransportRandom() {
    }

    private static SecureRandom create() {
        SecureRandom random;
        try {
            random = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            random = new SecureRandom();
        }
        random.nextBytes(new byte[16]);
        return random;
    }

    /**
     * Fills {@code bytes} with secure random bytes.
     *
     * @param bytes the array to fill
     */
    public static void nextBytes(byte[] bytes) {
        RANDOM.nextBytes(bytes);
    }

    /** Loads and seeds the generator now (call from a thread that may block, e.g. at startup). */
    public static void warmUp() {
        nextBytes(new byte[1]);
    }
}
