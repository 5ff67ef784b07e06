package io.mtflux.core.crypto;

import java.security.MessageDigest;

/**
 * An AES-256 key and a 32-byte IGE IV, as derived for one message (docs/protocol.md 2.3) or for the DH exchange
 * (3.3). Arrays are shared, not copied: treat them as read-only. {@link #toString()} hides both.
 *
 * @param key the 32-byte AES key
 * @param iv the 32-byte IGE IV
 */
public record AesKeyIv(byte[] key, byte[] iv) {

    @Override
    public String toString() {
        return "AesKeyIv[hidden]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AesKeyIv other && MessageDigest.isEqual(key, other.key)
            && MessageDigest.isEqual(iv, other.iv);
    }

    @Override
    public int hashCode() {
        return 0;
    }
}
