package io.mtflux.testkit.server;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.MessageCipher;
import java.time.Instant;
import java.util.Optional;

/**
 * An auth key the server knows, with what the server keeps per key: the current and previous salt, the layer
 * the client announced, and the logged-in user (the API layer on top sets it).
 *
 * <p>A temporary key (https://core.telegram.org/api/pfs) also has an expiry on the cluster's clock, after which the
 * server forgets it, and at most one binding to a permanent key (auth.bindTempAuthKey); a permanent key knows the
 * one temporary key bound to it, if any. A bound temporary key acts with its permanent key's authorization
 * ({@link #authorizationKey()}); its layer stays its own.
 */
public final class ServerAuthKey {
    private final AuthKey key;
    private final MessageCipher cipher;
    private final Instant created;
    private final boolean temporary;
    private volatile long expiresAtMillis;
    private volatile long salt;
    private volatile long previousSalt;
    private volatile int layer;
    private volatile Object authorization;
    /** For a temporary key: the permanent key it is bound to. Written under the server's binding lock. */
    private volatile ServerAuthKey boundPermanent;
    /** For a permanent key: the temporary key bound to it. Written under the server's binding lock. */
    private volatile ServerAuthKey boundTemporary;

    /**
     * @param key the key
     * @param salt its first salt
     * @param created when the exchange finished, on the cluster's clock
     * @param expiresAtMillis for a temporary key its expiry on the cluster's clock, else {@link Long#MAX_VALUE}
     */
    ServerAuthKey(AuthKey key, long salt, Instant created, long expiresAtMillis) {
        this.key = key;
        this.cipher = new MessageCipher(key).toleratingTrailingBytes();
        this.created = created;
        this.temporary = expiresAtMillis != Long.MAX_VALUE;
        this.expiresAtMillis = expiresAtMillis;
        this.salt = salt;
        this.previousSalt = salt;
    }

    /**
     * {@return the auth key id (the low 64 bits of its SHA-1)}
     */
    public long id() {
        return key.id();
    }

    AuthKey key() {
        return key;
    }

    MessageCipher cipher() {
        return cipher;
    }

    /** {@return when the key exchange finished, on the cluster's clock} */
    public Instant created() {
        return created;
    }

    /** {@return whether the key came from {@code p_q_inner_data_temp(_dc)}, i.e. is a PFS temporary key} */
    public boolean temporary() {
        return temporary;
    }

    /**
     * When the server forgets this temporary key (on the cluster's clock): created + expires_in, or earlier when
     * the binding's expires_at says so. Empty for a permanent key.
     *
     * @return the expiry, or empty
     */
    public Optional<Instant> expiresAt() {
        return temporary ? Optional.of(Instant.ofEpochMilli(expiresAtMillis)) : Optional.empty();
    }

    boolean expiredAt(long nowMillis) {
        return temporary && nowMillis >= expiresAtMillis;
    }

    /** Brings the expiry forward (never back): the binding's expires_at may end a key before its expires_in. */
    void expireNoLaterThan(long millis) {
        if (temporary && millis < expiresAtMillis) {
            expiresAtMillis = millis;
        }
    }

    /** {@return for a temporary key, the permanent key it is bound to now; empty otherwise} */
    public Optional<ServerAuthKey> boundPermanentKey() {
        return Optional.ofNullable(boundPermanent);
    }

    /**
     * For a permanent key, the temporary key bound to it now (a new binding replaces the previous one).
     *
     * @return the temporary key, or empty
     */
    public Optional<ServerAuthKey> boundTemporaryKey() {
        return Optional.ofNullable(boundTemporary);
    }

    ServerAuthKey boundPermanent() {
        return boundPermanent;
    }

    ServerAuthKey boundTemporary() {
        return boundTemporary;
    }

    void boundPermanent(ServerAuthKey value) {
        boundPermanent = value;
    }

    void boundTemporary(ServerAuthKey value) {
        boundTemporary = value;
    }

    /**
     * The key whose authorization (logged-in user) this key acts with: for a bound temporary key the permanent
     * key, so a login over it authorizes the permanent key and every later temporary key bound to it; otherwise
     * this key.
     *
     * @return the key that holds the authorization
     */
    public ServerAuthKey authorizationKey() {
        ServerAuthKey permanent = boundPermanent;
        return permanent != null ? permanent : this;
    }

    /**
     * {@return the current server salt of this key}
     */
    public long salt() {
        return salt;
    }

    /** Whether a client may use {@code candidate} (the current salt or the one it replaced). */
    boolean acceptsSalt(long candidate) {
        return candidate == salt || candidate == previousSalt;
    }

    /** Rotates the salt; the old one stays accepted until the next rotation. */
    void rotateSalt(long next) {
        previousSalt = salt;
        salt = next;
    }

    /** Replaces the salt with no grace period (fault injection). */
    void replaceSalt(long next) {
        previousSalt = next;
        salt = next;
    }

    /** {@return the layer from the client's last invokeWithLayer on this key, or 0} */
    public int layer() {
        return layer;
    }

    void layer(int value) {
        layer = value;
    }

    /** {@return what the API layer stored as this key's authorization (e.g. the logged-in user), or null} */
    public Object authorization() {
        return authorization;
    }

    /**
     * Stores the API layer's authorization of this key (e.g. the logged-in user).
     *
     * @param value the authorization, or null to log out
     */
    public void authorization(Object value) {
        authorization = value;
    }

    @Override
    public String toString() {
        ServerAuthKey permanent = boundPermanent;
        return "ServerAuthKey{id=" + Long.toHexString(key.id()) + (temporary ? ", temporary" : "")
            + (permanent != null ? ", bound to " + Long.toHexString(permanent.id()) : "") + ", layer=" + layer + "}";
    }
}
