package io.mtflux.core.crypto;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * Adapts a {@link RandomSource} to the {@link SecureRandom} that JDK APIs such as {@code KeyPairGenerator} take,
 * so that injected randomness reaches them too. Built on a custom SPI so that no platform generator is created
 * or seeded along the way.
 */
final class RandomSourceSecureRandom extends SecureRandom {

    private static final long serialVersionUID = 1L;

    private RandomSourceSecureRandom(RandomSource source) {
        super(new Spi(source), null);
    }

    static SecureRandom of(RandomSource source) {
        if (source instanceof SecureRandomSource secure) {
            return secure.random();
        }
        return new RandomSourceSecureRandom(source);
    }

    @Override
    public String toString() {
        return "RandomSourceSecureRandom";
    }

    private static final class Spi extends SecureRandomSpi {

        private static final long serialVersionUID = 1L;

        private final transient RandomSource source;

        Spi(RandomSource source) {
            this.source = source;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            // Seeding is the source's concern.
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            source.nextBytes(bytes);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            return source.bytes(numBytes);
        }
    }
}
