package io.mtflux.core.store.codec;

import io.mtflux.core.crypto.RandomSource;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts auth keys at rest with AES-256-GCM under a 32-byte key the application supplies (from its secret
 * manager, a KMS, an environment variable). Stores that offer encryption (R2DBC, Redis) seal each DC's key with
 * the account id and DC id as associated data, so a sealed key copied to another account or DC does not open,
 * and the api_hash with the account id ({@link #apiHashContext}).
 *
 * <p>Sealed form: {@code 0x01 | nonce (12 random bytes) | ciphertext | tag (16 bytes)}, 285 bytes for an auth key.
 * Thread-safe; {@link #toString()} never shows the key.
 */
public final class AuthKeyCipher {
    /** Key length in bytes (AES-256). */
    public static final int KEY_LENGTH = 32;

    private static final byte FORMAT = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final byte[] key;

    private AuthKeyCipher(byte[] key) {
        this.key = key;
    }

    /**
     * A cipher under {@code key}.
     *
     * @param key exactly 32 bytes (copied)
     * @return the cipher
     */
    public static AuthKeyCipher of(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("the auth-key encryption key must be " + KEY_LENGTH + " bytes, got "
                + key.length);
        }
        return new AuthKeyCipher(key.clone());
    }

    /**
     * The associated data that binds a sealed key to its account and DC.
     *
     * @param accountId the account
     * @param dcId the DC the key belongs to
     * @return the associated data
     */
    public static byte[] context(String accountId, int dcId) {
        return ("mtflux-auth-key|" + accountId + "|" + dcId).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The associated data that binds a sealed api_hash to its account.
     *
     * @param accountId the account
     * @return the associated data
     */
    public static byte[] apiHashContext(String accountId) {
        return ("mtflux-api-hash|" + accountId).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The associated data that binds a sealed pending login to its account.
     *
     * @param accountId the account
     * @return the associated data
     */
    public static byte[] pendingLoginContext(String accountId) {
        return ("mtflux-pending-login|" + accountId).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Encrypts {@code plain} bound to {@code associatedData}.
     *
     * @param plain the secret, e.g. an auth key
     * @param associatedData what the secret is bound to, e.g. {@link #context(String, int)}
     * @return the sealed bytes (a fresh random nonce each call)
     */
    public byte[] seal(byte[] plain, byte[] associatedData) {
        byte[] nonce = RandomSource.secure().bytes(NONCE);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData);
            byte[] sealed = c.doFinal(plain);
            byte[] out = new byte[1 + NONCE + sealed.length];
            out[0] = FORMAT;
            System.arraycopy(nonce, 0, out, 1, NONCE);
            System.arraycopy(sealed, 0, out, 1 + NONCE, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Decrypts what {@link #seal} made with the same key and associated data.
     *
     * @param sealed what {@link #seal} returned
     * @param associatedData the associated data it was sealed with
     * @return the secret
     * @throws IllegalArgumentException when the bytes are not a sealed key of this format, were damaged, or were
     *     sealed under another key or context (the message says which kind, never the data)
     */
    public byte[] open(byte[] sealed, byte[] associatedData) {
        if (sealed.length < 1 + NONCE + TAG_BITS / 8 || sealed[0] != FORMAT) {
            throw new IllegalArgumentException("not a sealed auth key (format or length)");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 1, 1 + NONCE)));
            c.updateAAD(associatedData);
            return c.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("the sealed auth key does not authenticate (wrong encryption key, "
                + "another account's key, or damaged)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    @Override
    public String toString() {
        return "AuthKeyCipher{AES-256-GCM}";
    }
}
