package io.mtflux.core.crypto;

import java.security.MessageDigest;

/**
 * The MTProto 2.0 key derivation and msg_key (docs/protocol.md 2.3):
 *
 * <pre>
 * msg_key_large = SHA256(substr(auth_key, 88+x, 32) || plaintext_with_padding);  msg_key = msg_key_large[8..24]
 * sha256_a = SHA256(msg_key || substr(auth_key, x, 36))
 * sha256_b = SHA256(substr(auth_key, 40+x, 36) || msg_key)
 * aes_key  = sha256_a[0..8] || sha256_b[8..24] || sha256_a[24..32]
 * aes_iv   = sha256_b[0..8] || sha256_a[8..24] || sha256_b[24..32]
 * </pre>
 */
public final class MessageKdf {

    /** msg_key length in bytes. */
    public static final int MSG_KEY_LENGTH = 16;

    private MessageKdf() {
    }

    /**
     * Derives the AES key and IV of one message.
     *
     * @param authKey the 256-byte auth key
     * @param msgKey the 16-byte msg_key
     * @param direction who sent the message
     * @return the key and IV
     */
    public static AesKeyIv derive(AuthKey authKey, byte[] msgKey, MessageDirection direction) {
        return derive(authKey.raw(), msgKey, 0, direction.x());
    }

    static AesKeyIv derive(byte[] authKey, byte[] msgKey, int msgKeyOffset, int x) {
        MessageDigest md = Sha.sha256Digest();
        md.update(msgKey, msgKeyOffset, MSG_KEY_LENGTH);
        md.update(authKey, x, 36);
        byte[] a = md.digest();
        md.update(authKey, 40 + x, 36);
        md.update(msgKey, msgKeyOffset, MSG_KEY_LENGTH);
        byte[] b = md.digest();
        byte[] key = new byte[32];
        byte[] iv = new byte[32];
        System.arraycopy(a, 0, key, 0, 8);
        System.arraycopy(b, 8, key, 8, 16);
        System.arraycopy(a, 24, key, 24, 8);
        System.arraycopy(b, 0, iv, 0, 8);
        System.arraycopy(a, 8, iv, 8, 16);
        System.arraycopy(b, 24, iv, 24, 8);
        return new AesKeyIv(key, iv);
    }

    /**
     * Computes msg_key over a plaintext that already includes its padding.
     *
     * @param authKey the auth key
     * @param direction who sends the message
     * @param plaintextWithPadding the whole plaintext
     * @return the 16-byte msg_key
     */
    public static byte[] msgKey(AuthKey authKey, MessageDirection direction, byte[] plaintextWithPadding) {
        MessageDigest md = Sha.sha256Digest();
        md.update(authKey.raw(), 88 + direction.x(), 32);
        md.update(plaintextWithPadding);
        byte[] large = md.digest();
        byte[] msgKey = new byte[MSG_KEY_LENGTH];
        System.arraycopy(large, 8, msgKey, 0, MSG_KEY_LENGTH);
        return msgKey;
    }
}
