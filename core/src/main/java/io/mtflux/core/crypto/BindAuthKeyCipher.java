package io.mtflux.core.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The MTProto 1.0-style encryption of {@code bind_auth_key_inner} under the <em>permanent</em> key, for
 * auth.bindTempAuthKey's encrypted_message (docs/protocol.md 3.5; doc api/pfs):
 *
 * <pre>
 * plaintext = random:int128 || msg_id:long || seqno:int = 0 || length:int || bind_auth_key_inner, then 0..15 random
 *             bytes to a multiple of 16
 * msg_key   = SHA1(plaintext without padding)[4..20]
 * a = SHA1(msg_key || ak[0..32]);   b = SHA1(ak[32..48] || msg_key || ak[48..64])
 * c = SHA1(ak[64..96] || msg_key);  d = SHA1(msg_key || ak[96..128])
 * key = a[0..8] || b[8..20] || c[4..16];   iv = a[8..20] || b[0..8] || c[16..20] || d[0..8]
 * encrypted_message = perm_auth_key_id || msg_key || AES-256-IGE(plaintext, key, iv)
 * </pre>
 */
public final class BindAuthKeyCipher {

    private static final int HEADER = 32;

    private BindAuthKeyCipher() {
    }

    /**
     * The decrypted content of an encrypted_message.
     *
     * @param msgId the msg_id inside, which must equal the bindTempAuthKey request's msg_id
     * @param seqNo the seqno inside (0)
     * @param innerData the serialized bind_auth_key_inner
     */
    public record Content(long msgId, int seqNo, byte[] innerData) {
    }

    /**
     * Encrypts (client side).
     *
     * @param permKey the permanent auth key
     * @param msgId the msg_id of the auth.bindTempAuthKey request that will carry the result
     * @param innerData the serialized bind_auth_key_inner (boxed)
     * @param random the source of the 16 leading random bytes and the padding
     * @return encrypted_message
     */
    public static byte[] encrypt(AuthKey permKey, long msgId, byte[] innerData, RandomSource random) {
        int length = HEADER + innerData.length;
        int padding = Math.floorMod(-length, 16);
        byte[] plain = new byte[length + padding];
        System.arraycopy(random.bytes(16), 0, plain, 0, 16);
        LittleEndian.putLong(plain, 16, msgId);
        LittleEndian.putInt(plain, 24, 0);
        LittleEndian.putInt(plain, 28, innerData.length);
        System.arraycopy(innerData, 0, plain, HEADER, innerData.length);
        if (padding > 0) {
            System.arraycopy(random.bytes(padding), 0, plain, length, padding);
        }
        byte[] msgKey = Arrays.copyOfRange(Sha.sha1(plain, 0, length), 4, 20);
        AesKeyIv keyIv = derive(permKey.raw(), msgKey);
        AesIge.local().encryptInPlace(keyIv.key(), keyIv.iv(), plain, 0, plain.length);
        byte[] out = new byte[24 + plain.length];
        System.arraycopy(permKey.idBytes(), 0, out, 0, 8);
        System.arraycopy(msgKey, 0, out, 8, 16);
        System.arraycopy(plain, 0, out, 24, plain.length);
        return out;
    }

    /**
     * Decrypts and verifies (server side).
     *
     * @param permKey the permanent key named by perm_auth_key_id
     * @param encryptedMessage encrypted_message
     * @return the content
     * @throws MtprotoSecurityException on a bad length, a different key id, a msg_key mismatch or a bad
     *     inner length
     */
    public static Content decrypt(AuthKey permKey, byte[] encryptedMessage) {
        int encryptedLength = encryptedMessage.length - 24;
        if (encryptedLength < 48 || encryptedLength % 16 != 0) {
            throw new MtprotoSecurityException(SecurityFailure.BAD_PACKET_LENGTH,
                "encrypted_message of " + encryptedMessage.length + " bytes");
        }
        if (LittleEndian.getLong(encryptedMessage, 0) != permKey.id()) {
            throw new MtprotoSecurityException(SecurityFailure.AUTH_KEY_ID_MISMATCH);
        }
        byte[] msgKey = Arrays.copyOfRange(encryptedMessage, 8, 24);
        AesKeyIv keyIv = derive(permKey.raw(), msgKey);
        byte[] plain = Arrays.copyOfRange(encryptedMessage, 24, encryptedMessage.length);
        AesIge.local().decryptInPlace(keyIv.key(), keyIv.iv(), plain, 0, plain.length);
        int innerLength = LittleEndian.getInt(plain, 28);
        int room = plain.length - HEADER;
        // The msg_key covers only the unpadded plaintext, so the length must be checked before hashing; a bad
        // length yields the same failure as a bad msg_key.
        if (innerLength < 0 || innerLength > room || room - innerLength > 15) {
            Arrays.fill(plain, (byte) 0);
            throw new MtprotoSecurityException(SecurityFailure.MSG_KEY_MISMATCH);
        }
        byte[] expected = Arrays.copyOfRange(Sha.sha1(plain, 0, HEADER + innerLength), 4, 20);
        if (!MessageDigest.isEqual(expected, msgKey)) {
            Arrays.fill(plain, (byte) 0);
            throw new MtprotoSecurityException(SecurityFailure.MSG_KEY_MISMATCH);
        }
        return new Content(LittleEndian.getLong(plain, 16), LittleEndian.getInt(plain, 24),
            Arrays.copyOfRange(plain, HEADER, HEADER + innerLength));
    }

    static AesKeyIv derive(byte[] ak, byte[] msgKey) {
        MessageDigest md = Sha.sha1Digest();
        md.update(msgKey);
        md.update(ak, 0, 32);
        byte[] a = md.digest();
        md.update(ak, 32, 16);
        md.update(msgKey);
        md.update(ak, 48, 16);
        byte[] b = md.digest();
        md.update(ak, 64, 32);
        md.update(msgKey);
        byte[] c = md.digest();
        md.update(msgKey);
        md.update(ak, 96, 32);
        byte[] d = md.digest();
        byte[] key = new byte[32];
        System.arraycopy(a, 0, key, 0, 8);
        System.arraycopy(b, 8, key, 8, 12);
        System.arraycopy(c, 4, key, 20, 12);
        byte[] iv = new byte[32];
        System.arraycopy(a, 8, iv, 0, 12);
        System.arraycopy(b, 0, iv, 12, 8);
        System.arraycopy(c, 16, iv, 20, 4);
        System.arraycopy(d, 0, iv, 24, 8);
        return new AesKeyIv(key, iv);
    }
}
