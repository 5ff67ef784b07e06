package io.mtflux.core.handshake;

import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.TelegramRsaKeys;
import java.util.Objects;

/**
 * How a client runs the key exchange. An immutable value; the {@code with*} methods return modified copies.
 *
 * @param keys the RSA keys the client trusts
 * @param dc the dc field: the DC id, +10000 for test DCs, negated for media DCs (ignored for {@code PLAIN} and
 *     {@code TEMP}, which have none)
 * @param variant which p_q_inner_data constructor to send
 * @param expiresIn lifetime of a temporary key in seconds (only for {@code TEMP_DC} and {@code TEMP}, then
 *     positive)
 * @param rsaScheme how to RSA-encrypt the inner data
 * @param maxRetries how many dh_gen_retry answers to follow before giving up
 */
public record ClientHandshakeSettings(RsaKeyRing keys, int dc, InnerDataVariant variant, int expiresIn,
                                      RsaScheme rsaScheme, int maxRetries) {

    /**
     * Checks the settings.
     *
     * @param keys the RSA keys the client trusts
     * @param dc the dc field
     * @param variant which p_q_inner_data constructor to send
     * @param expiresIn lifetime of a temporary key in seconds
     * @param rsaScheme how to RSA-encrypt the inner data
     * @param maxRetries how many dh_gen_retry answers to follow
     * @throws IllegalArgumentException if a temporary variant has no positive {@code expiresIn} or {@code maxRetries}
     *     is negative
     */
    public ClientHandshakeSettings {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(rsaScheme, "rsaScheme");
        if (variant.temporary() && expiresIn <= 0) {
            throw new IllegalArgumentException("a temporary key needs a positive expires_in");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
    }

    /**
     * A permanent key for a dc, Telegram's current keys, RSA_PAD: what a modern client does.
     *
     * @param dc the dc field value
     * @return the settings
     */
    public static ClientHandshakeSettings permanent(int dc) {
        return new ClientHandshakeSettings(TelegramRsaKeys.current(), dc, InnerDataVariant.DC, 0,
            RsaScheme.RSA_PAD, 5);
    }

    /**
     * A temporary key for a dc.
     *
     * @param dc the dc field value
     * @param expiresIn lifetime in seconds
     * @return the settings
     */
    public static ClientHandshakeSettings temporary(int dc, int expiresIn) {
        return new ClientHandshakeSettings(TelegramRsaKeys.current(), dc, InnerDataVariant.TEMP_DC, expiresIn,
            RsaScheme.RSA_PAD, 5);
    }

    /**
     * @param newKeys the trusted keys
     * @return a copy with these keys
     */
    public ClientHandshakeSettings withKeys(RsaKeyRing newKeys) {
        return new ClientHandshakeSettings(newKeys, dc, variant, expiresIn, rsaScheme, maxRetries);
    }

    /**
     * @param newVariant the inner data constructor
     * @return a copy with this variant
     */
    public ClientHandshakeSettings withVariant(InnerDataVariant newVariant) {
        return new ClientHandshakeSettings(keys, dc, newVariant, expiresIn, rsaScheme, maxRetries);
    }

    /**
     * @param seconds the lifetime of a temporary key (positive for {@code TEMP_DC} and {@code TEMP})
     * @return a copy with this expires_in
     */
    public ClientHandshakeSettings withExpiresIn(int seconds) {
        return new ClientHandshakeSettings(keys, dc, variant, seconds, rsaScheme, maxRetries);
    }

    /**
     * @param newScheme the RSA scheme
     * @return a copy with this scheme
     */
    public ClientHandshakeSettings withRsaScheme(RsaScheme newScheme) {
        return new ClientHandshakeSettings(keys, dc, variant, expiresIn, newScheme, maxRetries);
    }
}
