package io.mtflux.store.url;

import io.mtflux.core.store.codec.AuthKeyCipher;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets a store value does not carry: the passphrase that encrypts session files, and the AES-256 key that
 * seals auth keys in a database or Redis. Immutable; {@code toString()} only says which are set.
 */
public final class StoreSecrets {
    /** The environment variable of the session files' passphrase. */
    public static final String PASSPHRASE_VARIABLE = "MTFLUX_SESSION_PASSPHRASE";
    /** The environment variable of the database/Redis key: 64 hex digits. */
    public static final String KEY_VARIABLE = "MTFLUX_SESSION_KEY";

    private static final StoreSecrets NONE = new StoreSecrets(null, null);

    private final char[] passphrase;
    private final AuthKeyCipher cipher;

    private StoreSecrets(char[] passphrase, AuthKeyCipher cipher) {
        this.passphrase = passphrase;
        this.cipher = cipher;
    }

    /** {@return no secrets: plain session files, auth keys unsealed in a database or Redis} */
    public static StoreSecrets none() {
        return NONE;
    }

    /**
     * The secrets of {@value #PASSPHRASE_VARIABLE} and {@value #KEY_VARIABLE} in {@code env}, each when set and not
     * empty.
     *
     * @param env the environment, e.g. {@code System.getenv()}
     * @return the secrets
     * @throws SessionStoreUrlException when {@value #KEY_VARIABLE} is not 64 hex digits
     */
    public static StoreSecrets fromEnvironment(Map<String, String> env) {
        StoreSecrets secrets = none();
        String passphrase = env.get(PASSPHRASE_VARIABLE);
        if (passphrase != null && !passphrase.isEmpty()) {
            secrets = secrets.passphrase(passphrase.toCharArray());
        }
        String key = env.get(KEY_VARIABLE);
        if (key != null && !key.isEmpty()) {
            secrets = secrets.key(KEY_VARIABLE, key);
        }
        return secrets;
    }

    /**
     * These secrets with this passphrase for session files (copied).
     *
     * @param value the passphrase; null or empty for none
     * @return new secrets
     */
    public StoreSecrets passphrase(char[] value) {
        return new StoreSecrets(value == null || value.length == 0 ? null : value.clone(), cipher);
    }

    /**
     * These secrets with this key sealing auth keys in a database or Redis.
     *
     * @param value the cipher; null for none
     * @return new secrets
     */
    public StoreSecrets cipher(AuthKeyCipher value) {
        return new StoreSecrets(passphrase, value);
    }

    /**
     * These secrets with the key of {@code hex}, named {@code name} in the message when it is malformed.
     *
     * @param name what the key is called where the user set it (an environment variable, a property)
     * @param hex 64 hex digits, a 32-byte AES-256 key
     * @return new secrets
     * @throws SessionStoreUrlException when {@code hex} is not 64 hex digits (the message does not show it)
     */
    public StoreSecrets key(String name, String hex) {
        if (hex == null || !hex.matches("[0-9a-fA-F]{64}")) {
            throw new SessionStoreUrlException(name + " must be 64 hex digits (a 32-byte key)");
        }
        return cipher(AuthKeyCipher.of(HexFormat.of().parseHex(hex)));
    }

    /** {@return a copy of the passphrase, if set} */
    public Optional<char[]> passphrase() {
        return Optional.ofNullable(passphrase).map(char[]::clone);
    }

    /** {@return the key sealing auth keys, if set} */
    public Optional<AuthKeyCipher> cipher() {
        return Optional.ofNullable(cipher);
    }

    @Override
    public String toString() {
        return "StoreSecrets{passphrase=" + (passphrase == null ? "none" : "set") + ", key="
            + (cipher == null ? "none" : "set") + "}";
    }
}
