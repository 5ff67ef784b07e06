package io.mtflux.core.crypto;

import java.util.Arrays;

/**
 * Values derived from the nonces of the auth-key exchange (docs/protocol.md 3.1 and 3.3).
 */
public final class HandshakeKdf {

    private HandshakeKdf() {
    }

    /**
     * The temporary AES key and IV that encrypt server_DH_inner_data and client_DH_inner_data:
     * <pre>
     * tmp_aes_key = SHA1(new_nonce || server_nonce) || SHA1(server_nonce || new_nonce)[0..12]
     * tmp_aes_iv  = SHA1(server_nonce || new_nonce)[12..20] || SHA1(new_nonce || new_nonce) || new_nonce[0..4]
     * </pre>
     *
     * @param serverNonce the 16-byte server_nonce
     * @param newNonce the 32-byte new_nonce (the formula is applied to whatever bytes are given)
     * @return the key and IV
     */
    public static AesKeyIv tmpAesKeyIv(byte[] serverNonce, byte[] newNonce) {
        byte[] newServer = Sha.sha1(newNonce, serverNonce);
        byte[] serverNew = Sha.sha1(serverNonce, newNonce);
        byte[] newNew = Sha.sha1(newNonce, newNonce);
        byte[] key = new byte[32];
        System.arraycopy(newServer, 0, key, 0, 20);
        System.arraycopy(serverNew, 0, key, 20, 12);
        byte[] iv = new byte[32];
        System.arraycopy(serverNew, 12, iv, 0, 8);
        System.arraycopy(newNew, 0, iv, 8, 20);
        System.arraycopy(newNonce, 0, iv, 28, 4);
        return new AesKeyIv(key, iv);
    }

    /**
     * The first server salt: new_nonce[0..8] XOR server_nonce[0..8], as the little-endian {@code long} the
     * session writes.
     *
     * @param newNonce new_nonce
     * @param serverNonce server_nonce
     * @return the salt
     */
    public static long firstServerSalt(byte[] newNonce, byte[] serverNonce) {
        return LittleEndian.getLong(newNonce, 0) ^ LittleEndian.getLong(serverNonce, 0);
    }

    /**
     * The new_nonce_hash of server_DH_params_fail: SHA1(new_nonce)[4..20].
     *
     * @param newNonce new_nonce
     * @return 16 bytes
     */
    public static byte[] dhParamsFailHash(byte[] newNonce) {
        return Arrays.copyOfRange(Sha.sha1(newNonce), 4, 20);
    }
}
