package io.mtflux.core.crypto;

/** One generated RSA-2048 server key shared by the tests (generation is slow). */
final class TestKeys {

    static final RsaPrivateKey SERVER = RsaPrivateKey.generateForServer(2048, RandomSource.secure());

    private TestKeys() {
    }
}
