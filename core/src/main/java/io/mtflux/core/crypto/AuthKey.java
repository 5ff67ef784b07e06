package io.mtflux.core.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A 2048-bit MTProto authorization key with its derived identifiers (docs/protocol.md 2.3 and 3.1 step 9).
 *
 * <ul>
 *   <li>{@code auth_key_id} = SHA1(auth_key)[12..20], sent in clear before every encrypted message; as a
 *   {@code long} it is those bytes read little-endian.</li>
 *   <li>{@code auth_key_aux_hash} = SHA1(auth_key)[0..8], used in new_nonce_hash1/2/3 and as retry_id.</li>
 * </ul>
 *
 * <p>Immutable. {@link #toString()} shows the public id only, never the key.
 */
public final class AuthKey {

    /** Key length in bytes. */
    public static final int LENGTH = 256;

    private final byte[] key;
    private final byte[] idBytes;
    private final byte[] auxHashBytes;
    private final long id;
    private final long auxHash;

    private AuthKey(byte[] key) {
        this.key = key;
        byte[] sha1 = Sha.sha1(key);
        this.idBytes = Arrays.copyOfRange(sha1, 12, 20);
        this.auxHashBytes = Arrays.copyOfRange(sha1, 0, 8);
        this.id = LittleEndian.getLong(sha1, 12);
        this.auxHash = LittleEndian.getLong(sha1, 0);
    }

    /**
     * Wraps a key.
     *
     * @param key exactly 256 bytes (copied)
     * @return the key
     */
    public static AuthKey of(byte[] key) {
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("auth_key must be 256 bytes, got " + key.length);
        }
        return new AuthKey(key.clone());
    }

    /** @return a copy of the 256 key bytes */
    public byte[] bytes() {
        return key.clone();
    }

    /** The key bytes without a copy, for this package's ciphers, which never modify or expose them. */
    byte[] raw() {
        return key;
    }

    /** @return auth_key_id as the little-endian {@code long} of SHA1(auth_key)[12..20] */
    public long id() {
        return id;
    }

    /** @return the 8 auth_key_id bytes in wire order */
    public byte[] idBytes() {
        return idBytes.clone();
    }

    /** @return auth_key_aux_hash as the little-endian {@code long} of SHA1(auth_key)[0..8] (the retry_id) */
    public long auxHash() {
        return auxHash;
    }

    /** @return the 8 auth_key_aux_hash bytes in wire order */
    public byte[] auxHashBytes() {
        return auxHashBytes.clone();
    }

    /**
     * new_nonce_hashN = SHA1(new_nonce || byte(N) || auth_key_aux_hash)[4..20] (docs/protocol.md 3.1 step 9), checked
     * against dh_gen_ok (N=1), dh_gen_retry (N=2) and dh_gen_fail (N=3).
     *
     * @param newNonce the 32-byte new_nonce
     * @param number 1, 2 or 3
     * @return the 16-byte hash in wire order
     */
    public byte[] newNonceHash(byte[] newNonce, int number) {
        if (number < 1 || number > 3) {
            throw new IllegalArgumentException("new_nonce_hash number must be 1, 2 or 3");
        }
        byte[] sha1 = Sha.sha1(newNonce, new byte[] {(byte) number}, auxHashBytes);
        return Arrays.copyOfRange(sha1, 4, 20);
    }

    /** Constant-time comparison of the key bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AuthKey other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "AuthKey[id=" + Long.toHexString(id) + "]";
    }
}
