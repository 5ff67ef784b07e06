package io.mtflux.core.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The pre-2021 encryption of {@code p_q_inner_data} (docs/protocol.md 3.2, "Legacy RSA"), still sent by Telethon v1 and
 * {@code @mtproto/core}: {@code m = SHA1(data) || data || random} to 255 bytes, then {@code m^e mod n}.
 *
 * <p>The server side finds the data length without parsing TL: TL objects are a multiple of 4 bytes long, so it
 * tries each such length L and keeps the one where SHA1(m[20..20+L]) equals m[0..20]. The caller should still
 * check that the TL object it parses is exactly that long.
 */
public final class LegacyRsa {

    /** Longest data the scheme carries: 255 - 20. */
    public static final int MAX_DATA_LENGTH = 235;
    private static final int MESSAGE_LENGTH = 255;

    private LegacyRsa() {
    }

    /**
     * Encrypts {@code data} for the server's key (client side). CPU-heavy: see {@link #encryptAsync}.
     *
     * @param data the serialized inner data, at most 235 bytes
     * @param key the server's 2048-bit public key
     * @param random the randomness (for the padding)
     * @return the 256-byte encrypted_data
     */
    public static byte[] encrypt(byte[] data, RsaPublicKey key, RandomSource random) {
        if (data.length > MAX_DATA_LENGTH) {
            throw new MtprotoSecurityException(SecurityFailure.RSA_DATA_TOO_LONG, data.length + " bytes");
        }
        if (key.modulusLength() != MESSAGE_LENGTH + 1) {
            throw new IllegalArgumentException("legacy RSA needs a 2048-bit key");
        }
        byte[] m = new byte[MESSAGE_LENGTH];
        System.arraycopy(Sha.sha1(data), 0, m, 0, 20);
        System.arraycopy(data, 0, m, 20, data.length);
        byte[] padding = random.bytes(MESSAGE_LENGTH - 20 - data.length);
        System.arraycopy(padding, 0, m, 20 + data.length, padding.length);
        // A 255-byte value is below any 2048-bit modulus, so no retry loop is needed.
        return key.encrypt(m);
    }

    /**
     * {@link #encrypt} on {@code Schedulers.parallel()}.
     *
     * @param data the inner data
     * @param key the server key
     * @param random the randomness
     * @return a cold {@code Mono} of the encrypted_data
     */
    public static Mono<byte[]> encryptAsync(byte[] data, RsaPublicKey key, RandomSource random) {
        return Mono.fromCallable(() -> encrypt(data, key, random)).subscribeOn(Schedulers.parallel());
    }

    /**
     * Decrypts and verifies (server side). CPU-heavy: see {@link #decryptAsync}.
     *
     * @param encrypted the encrypted_data
     * @param key the server's private key
     * @return the data, exactly as the client hashed it
     * @throws MtprotoSecurityException if out of range or no length matches the hash
     */
    public static byte[] decrypt(byte[] encrypted, RsaPrivateKey key) {
        return unpad(key.decrypt(encrypted));
    }

    /**
     * {@link #decrypt} on {@code Schedulers.parallel()}.
     *
     * @param encrypted the encrypted_data
     * @param key the server's private key
     * @return a cold {@code Mono} of the data
     */
    public static Mono<byte[]> decryptAsync(byte[] encrypted, RsaPrivateKey key) {
        return Mono.fromCallable(() -> decrypt(encrypted, key)).subscribeOn(Schedulers.parallel());
    }

    /**
     * Verifies an already RSA-decrypted 256-byte block and extracts the data.
     *
     * @param block the decrypted block (its leading byte must be zero)
     * @return the data
     * @throws MtprotoSecurityException with {@link SecurityFailure#LEGACY_RSA_HASH_MISMATCH} if no length fits
     */
    public static byte[] unpad(byte[] block) {
        if (block.length != MESSAGE_LENGTH + 1 || block[0] != 0) {
            throw new MtprotoSecurityException(SecurityFailure.LEGACY_RSA_HASH_MISMATCH, "not a legacy RSA block");
        }
        byte[] hash = Arrays.copyOfRange(block, 1, 21);
        MessageDigest md = Sha.sha1Digest();
        for (int length = 4; length <= MAX_DATA_LENGTH; length += 4) {
            md.update(block, 21, length);
            if (MessageDigest.isEqual(md.digest(), hash)) {
                return Arrays.copyOfRange(block, 21, 21 + length);
            }
        }
        throw new MtprotoSecurityException(SecurityFailure.LEGACY_RSA_HASH_MISMATCH);
    }
}
