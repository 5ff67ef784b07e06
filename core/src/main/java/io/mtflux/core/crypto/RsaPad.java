package io.mtflux.core.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * RSA_PAD, the encryption of {@code p_q_inner_data*} mandatory since 2021 (docs/protocol.md 3.2), and its server-side
 * inverse.
 *
 * <pre>
 * data_with_padding = data || random, 192 bytes;  data_pad_reversed = reverse(data_with_padding)
 * loop: temp_key = 32 random bytes
 *       data_with_hash = data_pad_reversed || SHA256(temp_key || data_with_padding)       (224 bytes)
 *       aes_encrypted = AES-256-IGE(data_with_hash, temp_key, zero IV)
 *       key_aes_encrypted = (temp_key XOR SHA256(aes_encrypted)) || aes_encrypted          (256 bytes)
 *       until key_aes_encrypted &lt; n
 * encrypted_data = key_aes_encrypted ^ e mod n, 256 bytes
 * </pre>
 *
 * Randomness is drawn in this order: the padding, then one temp_key per attempt (injected-randomness vectors
 * depend on it).
 */
public final class RsaPad {

    /** Longest data RSA_PAD accepts. */
    public static final int MAX_DATA_LENGTH = 144;
    /** Length of data_with_padding. */
    public static final int PADDED_LENGTH = 192;
    private static final int HASHED_LENGTH = 224;
    private static final int BLOCK_LENGTH = 256;
    private static final byte[] ZERO_IV = new byte[32];

    private RsaPad() {
    }

    /**
     * Encrypts {@code data} for the server's key. CPU-heavy (one 2048-bit modPow): see {@link #encryptAsync}.
     *
     * @param data the serialized inner data, at most 144 bytes
     * @param key the server's 2048-bit public key
     * @param random the randomness
     * @return the 256-byte encrypted_data
     */
    public static byte[] encrypt(byte[] data, RsaPublicKey key, RandomSource random) {
        if (data.length > MAX_DATA_LENGTH) {
            throw new MtprotoSecurityException(SecurityFailure.RSA_DATA_TOO_LONG, data.length + " bytes");
        }
        if (key.modulusLength() != BLOCK_LENGTH) {
            throw new IllegalArgumentException("RSA_PAD needs a 2048-bit key");
        }
        byte[] withPadding = new byte[PADDED_LENGTH];
        System.arraycopy(data, 0, withPadding, 0, data.length);
        byte[] padding = random.bytes(PADDED_LENGTH - data.length);
        System.arraycopy(padding, 0, withPadding, data.length, padding.length);
        byte[] reversed = reverse(withPadding);
        BigInteger n = key.modulus();
        while (true) {
            byte[] tempKey = random.bytes(32);
            byte[] withHash = Arrays.copyOf(reversed, HASHED_LENGTH);
            System.arraycopy(Sha.sha256(tempKey, withPadding), 0, withHash, PADDED_LENGTH, 32);
            byte[] aesEncrypted = AesIge.encrypt(tempKey, ZERO_IV, withHash);
            byte[] block = new byte[BLOCK_LENGTH];
            byte[] mask = Sha.sha256(aesEncrypted);
            for (int i = 0; i < 32; i++) {
                block[i] = (byte) (tempKey[i] ^ mask[i]);
            }
            System.arraycopy(aesEncrypted, 0, block, 32, HASHED_LENGTH);
            Arrays.fill(tempKey, (byte) 0);
            if (BigInts.fromUnsigned(block).compareTo(n) < 0) {
                return key.encrypt(block);
            }
        }
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
     * The server side: decrypts encrypted_data and verifies the hash. CPU-heavy: see {@link #decryptAsync}.
     *
     * @param encrypted the encrypted_data
     * @param key the server's private key
     * @return data_with_padding (192 bytes): the inner data followed by random padding; the caller parses the
     *     TL object from the front
     * @throws MtprotoSecurityException if the value is out of range or the hash does not match
     */
    public static byte[] decrypt(byte[] encrypted, RsaPrivateKey key) {
        return unpad(key.decrypt(encrypted));
    }

    /**
     * {@link #decrypt} on {@code Schedulers.parallel()}.
     *
     * @param encrypted the encrypted_data
     * @param key the server's private key
     * @return a cold {@code Mono} of data_with_padding
     */
    public static Mono<byte[]> decryptAsync(byte[] encrypted, RsaPrivateKey key) {
        return Mono.fromCallable(() -> decrypt(encrypted, key)).subscribeOn(Schedulers.parallel());
    }

    /**
     * Undoes the padding of an already RSA-decrypted block (so that a server can try this scheme and the legacy
     * one on a single modPow).
     *
     * @param block the 256-byte RSA-decrypted value key_aes_encrypted
     * @return data_with_padding (192 bytes)
     * @throws MtprotoSecurityException with {@link SecurityFailure#RSA_PAD_HASH_MISMATCH} if the hash fails
     */
    public static byte[] unpad(byte[] block) {
        if (block.length != BLOCK_LENGTH) {
            throw new MtprotoSecurityException(SecurityFailure.RSA_VALUE_OUT_OF_RANGE, "block of " + block.length);
        }
        byte[] aesEncrypted = Arrays.copyOfRange(block, 32, BLOCK_LENGTH);
        byte[] tempKey = Sha.sha256(aesEncrypted);
        for (int i = 0; i < 32; i++) {
            tempKey[i] ^= block[i];
        }
        byte[] withHash = AesIge.decrypt(tempKey, ZERO_IV, aesEncrypted);
        byte[] withPadding = reverse(Arrays.copyOf(withHash, PADDED_LENGTH));
        byte[] expected = Sha.sha256(tempKey, withPadding);
        Arrays.fill(tempKey, (byte) 0);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(withHash, PADDED_LENGTH, HASHED_LENGTH))) {
            throw new MtprotoSecurityException(SecurityFailure.RSA_PAD_HASH_MISMATCH);
        }
        return withPadding;
    }

    private static byte[] reverse(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }
}
