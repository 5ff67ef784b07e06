package io.mtflux.core.crypto;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The RSA public keys a client trusts, by fingerprint (docs/protocol.md 3.1 step 2: the client picks the first
 * fingerprint in resPQ that it knows). Immutable: {@link #withKey} returns a new ring, so a configured ring is a
 * shareable value.
 */
public final class RsaKeyRing {

    private final Map<Long, RsaPublicKey> keys;

    private RsaKeyRing(Map<Long, RsaPublicKey> keys) {
        this.keys = Collections.unmodifiableMap(keys);
    }

    /**
     * A ring of the given keys.
     *
     * @param keys the keys
     * @return the ring
     */
    public static RsaKeyRing of(RsaPublicKey... keys) {
        return empty().withKeys(List.of(keys));
    }

    /** @return a ring with no keys */
    public static RsaKeyRing empty() {
        return new RsaKeyRing(new LinkedHashMap<>());
    }

    /**
     * Adds a key (a user's own server key, say).
     *
     * @param key the key
     * @return a new ring with the key added
     */
    public RsaKeyRing withKey(RsaPublicKey key) {
        return withKeys(List.of(key));
    }

    /**
     * Adds keys.
     *
     * @param more the keys
     * @return a new ring with the keys added
     */
    public RsaKeyRing withKeys(Collection<RsaPublicKey> more) {
        Map<Long, RsaPublicKey> copy = new LinkedHashMap<>(keys);
        for (RsaPublicKey key : more) {
            copy.put(key.fingerprint(), key);
        }
        return new RsaKeyRing(copy);
    }

    /**
     * Looks a key up.
     *
     * @param fingerprint a fingerprint
     * @return the key, if known
     */
    public Optional<RsaPublicKey> find(long fingerprint) {
        return Optional.ofNullable(keys.get(fingerprint));
    }

    /**
     * The first of the server's fingerprints that this ring knows, in the server's order.
     *
     * @param serverFingerprints the fingerprints from resPQ
     * @return the key, or empty if none is known
     */
    public Optional<RsaPublicKey> firstKnown(long... serverFingerprints) {
        for (long fp : serverFingerprints) {
            RsaPublicKey key = keys.get(fp);
            if (key != null) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** @return the keys, in insertion order */
    public List<RsaPublicKey> keys() {
        return List.copyOf(new ArrayList<>(keys.values()));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RsaKeyRing[");
        keys.keySet().forEach(fp -> sb.append(sb.length() > 11 ? ", " : "").append("0x").append(Long.toHexString(fp)));
        return sb.append(']').toString();
    }
}
