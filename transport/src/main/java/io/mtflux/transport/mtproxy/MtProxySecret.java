package io.mtflux.transport.mtproxy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An MTProxy secret (docs/protocol.md 4.8), classified as tdlib does: 16 bytes = simple, 17 bytes starting
 * {@code 0xdd} = secured (padded intermediate required), 18 or more bytes starting {@code 0xee} = fake-TLS
 * (key = bytes 1..17, the rest is the SNI domain, at most 182 bytes). Anything else, including a 17-byte
 * {@code ee} secret, is rejected. The key never appears in {@link #toString()}.
 */
public final class MtProxySecret {

    /** How the proxy expects to be spoken to. */
    public enum Type {
        /** Plain 16-byte secret: obfuscated2 with any framing. */
        SIMPLE,
        /** {@code dd} secret: obfuscated2 with padded intermediate. */
        SECURED,
        /** {@code ee} secret: obfuscated2 with padded intermediate inside fake-TLS records. */
        FAKE_TLS
    }

    /** Longest SNI domain tdlib accepts in an {@code ee} secret. */
    public static final int MAX_DOMAIN_LENGTH = 182;

    private final Type type;
    private final byte[] key;
    private final String domain;

    private MtProxySecret(Type type, byte[] key, String domain) {
        this.type = type;
        this.key = key;
        this.domain = domain;
    }

    /**
     * Classifies a binary secret.
     *
     * @param secret the bytes
     * @return the secret
     * @throws IllegalArgumentException when the form is not one of the three accepted ones
     */
    public static MtProxySecret fromBytes(byte[] secret) {
        int n = secret.length;
        if (n == 16) {
            return new MtProxySecret(Type.SIMPLE, secret.clone(), null);
        }
        if (n == 17 && (secret[0] & 0xff) == 0xdd) {
            return new MtProxySecret(Type.SECURED, Arrays.copyOfRange(secret, 1, 17), null);
        }
        if (n >= 18 && (secret[0] & 0xff) == 0xee) {
            if (n - 17 > MAX_DOMAIN_LENGTH) {
                throw new IllegalArgumentException("MTProxy fake-TLS domain longer than " + MAX_DOMAIN_LENGTH);
            }
            String domain = new String(secret, 17, n - 17, StandardCharsets.US_ASCII);
            return new MtProxySecret(Type.FAKE_TLS, Arrays.copyOfRange(secret, 1, 17), domain);
        }
        throw new IllegalArgumentException("not an MTProxy secret: " + n + " bytes"
            + (n > 0 ? String.format(" starting 0x%02x", secret[0] & 0xff) : ""));
    }

    /**
     * Parses a secret in hex or base64/base64url (as {@code tg://proxy} links carry them).
     *
     * @param text the secret
     * @return the secret
     * @throws IllegalArgumentException when it is neither encoding or not a valid secret
     */
    public static MtProxySecret parse(String text) {
        String s = text.trim();
        if (s.length() % 2 == 0 && s.matches("[0-9a-fA-F]+")) {
            return fromBytes(HexFormat.of().parseHex(s));
        }
        try {
            String normalized = s.replace('-', '+').replace('_', '/').replace("=", "");
            return fromBytes(Base64.getDecoder().decode(pad(normalized)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MTProxy secret is neither hex nor base64", null);
        }
    }

    private static String pad(String b64) {
        int rem = b64.length() % 4;
        return rem == 0 ? b64 : b64 + "=".repeat(4 - rem);
    }

    /**
     * The form of the secret.
     *
     * @return the type
     */
    public Type type() {
        return type;
    }

    /**
     * The 16-byte key mixed into the obfuscated2 keys (and the fake-TLS HMAC).
     *
     * @return a copy of the key
     */
    public byte[] key() {
        return key.clone();
    }

    /**
     * The SNI domain of a fake-TLS secret.
     *
     * @return the domain, or null for other types
     */
    public String domain() {
        return domain;
    }

    @Override
    public String toString() {
        return "MtProxySecret[" + type + (domain != null ? ", domain=" + domain : "") + ", key hidden]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MtProxySecret other && type == other.type && Arrays.equals(key, other.key)
            && java.util.Objects.equals(domain, other.domain);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(key);
    }
}
