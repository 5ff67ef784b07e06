package io.mtflux.core.internal.server;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.DhGroup;
import io.mtflux.core.crypto.RsaPrivateKey;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * How a fake DC runs the server half of the key exchange. An immutable value.
 *
 * @param keys the server's RSA keys; resPQ lists all their fingerprints
 * @param group the DH group to send; Telegram's prime with g = 3, which every client accepts
 * @param acceptsDc which dc values in p_q_inner_data_dc / _temp_dc this server accepts (a mismatch is
 *     {@code HANDSHAKE_DC_MISMATCH}, transport error -444)
 * @param keyIdTaken whether a new key's auth_key_id collides with a stored one (then dh_gen_retry)
 */
public record ServerHandshakeSettings(List<RsaPrivateKey> keys, DhGroup group, IntPredicate acceptsDc,
                                      Predicate<AuthKey> keyIdTaken) {

    /**
     * Validates.
     *
     * @param keys the server's RSA keys, at least one
     * @param group the DH group to send
     * @param acceptsDc which dc values the server accepts
     * @param keyIdTaken whether a new key's id collides with a stored one
     * @throws IllegalArgumentException if there is no RSA key
     */
    public ServerHandshakeSettings {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a server needs at least one RSA key");
        }
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(acceptsDc, "acceptsDc");
        Objects.requireNonNull(keyIdTaken, "keyIdTaken");
    }

    /**
     * Lenient settings: one key, Telegram's group, any dc, no stored keys.
     *
     * @param key the server key
     * @return the settings
     */
    public static ServerHandshakeSettings of(RsaPrivateKey key) {
        return new ServerHandshakeSettings(List.of(key), DhGroup.TELEGRAM, dc -> true, k -> false);
    }

    /**
     * The dc values a strict server with this id accepts (docs/protocol.md 3.1 step 4 and 3.7): the id, or its negation
     * for media, plus 10000 in test mode.
     *
     * @param dcId the DC id (1..5)
     * @param testMode whether the server plays a test DC
     * @return the predicate
     */
    public static IntPredicate dcMatcher(int dcId, boolean testMode) {
        int expected = testMode ? dcId + 10000 : dcId;
        return dc -> dc == expected || dc == -expected;
    }

    /**
     * @param predicate the dc predicate
     * @return a copy accepting those dc values
     */
    public ServerHandshakeSettings withAcceptsDc(IntPredicate predicate) {
        return new ServerHandshakeSettings(keys, group, predicate, keyIdTaken);
    }

    /**
     * @param taken the collision predicate
     * @return a copy using it
     */
    public ServerHandshakeSettings withKeyIdTaken(Predicate<AuthKey> taken) {
        return new ServerHandshakeSettings(keys, group, acceptsDc, taken);
    }
}
