package io.mtflux.core.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * {@link RandomSource} over a JDK {@link SecureRandom}.
 *
 * <p>The default instance is a DRBG seeded once from the platform: after seeding it never reads a device,
 * so calling it on a non-blocking thread does not block (BlockHound is on in the tests).
 */
final class SecureRandomSource implements RandomSource {

    static final SecureRandomSource DEFAULT = new SecureRandomSource(createDefault());

    private final SecureRandom random;

    SecureRandomSource(SecureRandom random) {
        this.random = random;
    }

    private static SecureRandom createDefault() {
        SecureRandom r;
        try {
            r = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            r = new SecureRandom();
        }
        // Force seeding now, on whichever thread first touches this class, rather than lazily later.
        r.nextBytes(new byte[1]);
        return r;
    }

    SecureRandom random() {
        return random;
    }

    @Override
    public void nextBytes(byte[] bytes) {
        random.nextBytes(bytes);
    }

    @Override
    public String toString() {
        return "SecureRandomSource";
    }
}
