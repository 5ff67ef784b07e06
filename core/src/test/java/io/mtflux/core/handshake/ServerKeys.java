package io.mtflux.core.handshake;

import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.RsaPrivateKey;

/** A generated RSA-2048 server key shared by the handshake tests, and a client ring that trusts it. */
final class ServerKeys {

    static final RsaPrivateKey KEY = RsaPrivateKey.generateForServer(2048, RandomSource.secure());
    static final RsaKeyRing RING = RsaKeyRing.of(KEY.publicKey());

    private ServerKeys() {
    }
}
