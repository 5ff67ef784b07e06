package io.mtflux.core.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The encryption of server_DH_inner_data (encrypted_answer) and client_DH_inner_data (docs/protocol.md 3.1 step 7 and
 * 3.3): {@code AES-256-IGE(SHA1(data) || data || 0..15 random bytes, tmp_aes_key, tmp_aes_iv)}. Each encryption
 * starts from the original IV.
 *
 * <p>Opening needs the data length, which TL would give; since TL objects are a multiple of 4 bytes and the
 * padding is below 16, there are at most four candidate lengths, and the one whose SHA-1 matches is taken. The
 * caller should check that the object it parses is exactly that long.
 */
public final class DhEnvelope {

    private DhEnvelope() {
    }

    /**
     * Encrypts.
     *
     * @param data the serialized inner data
     * @param keyIv tmp_aes_key and tmp_aes_iv
     * @param random the padding source
     * @return the encrypted bytes, a multiple of 16
     */
    public static byte[] seal(byte[] data, AesKeyIv keyIv, RandomSource random) {
        int padding = Math.floorMod(-(20 + data.length), 16);
        byte[] out = new byte[20 + data.length + padding];
        System.arraycopy(Sha.sha1(data), 0, out, 0, 20);
        System.arraycopy(data, 0, out, 20, data.length);
        if (padding > 0) {
            System.arraycopy(random.bytes(padding), 0, out, 20 + data.length, padding);
        }
        AesIge.local().encryptInPlace(keyIv.key(), keyIv.iv(), out, 0, out.length);
        return out;
    }

    /**
     * Decrypts and verifies.
     *
     * @param encrypted the encrypted bytes
     * @param keyIv tmp_aes_key and tmp_aes_iv
     * @return the data without hash and padding
     * @throws MtprotoSecurityException with {@link SecurityFailure#BAD_PACKET_LENGTH} if not a positive
     *     multiple of 16, or {@link SecurityFailure#ENVELOPE_HASH_MISMATCH} if no candidate length matches
     */
    public static byte[] open(byte[] encrypted, AesKeyIv keyIv) {
        if (encrypted.length < 32 || encrypted.length % 16 != 0) {
            throw new MtprotoSecurityException(SecurityFailure.BAD_PACKET_LENGTH,
                "DH envelope of " + encrypted.length + " bytes");
        }
        byte[] plain = encrypted.clone();
        AesIge.local().decryptInPlace(keyIv.key(), keyIv.iv(), plain, 0, plain.length);
        byte[] hash = Arrays.copyOf(plain, 20);
        MessageDigest md = Sha.sha1Digest();
        int longest = plain.length - 20;
        for (int length = longest - longest % 4; length >= 0 && longest - length < 16; length -= 4) {
            md.update(plain, 20, length);
            if (MessageDigest.isEqual(md.digest(), hash)) {
                return Arrays.copyOfRange(plain, 20, 20 + length);
            }
        }
        Arrays.fill(plain, (byte) 0);
        throw new MtprotoSecurityException(SecurityFailure.ENVELOPE_HASH_MISMATCH);
    }
}
