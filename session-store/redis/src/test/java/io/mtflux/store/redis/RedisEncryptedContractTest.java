package io.mtflux.store.redis;

import io.mtflux.core.store.codec.AuthKeyCipher;

/** The contract kit on Redis with a key prefix and auth keys sealed by AES-256-GCM. */
class RedisEncryptedContractTest extends RedisContractTest {
    @Override
    protected String prefix() {
        return "tenant7:";
    }

    @Override
    protected AuthKeyCipher cipher() {
        byte[] key = new byte[32];
        key[0] = 42;
        return AuthKeyCipher.of(key);
    }
}
