package io.mtflux.testkit.server;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.MessageCipher;
import java.time.Instant;

/**
 * An auth key the server knows, with what the server keeps per key: the current and previous salt, the layer
 * the client announced, and the logged-in user (the API layer on top sets it).
 */
public final class ServerAuthKey {
    private final AuthKey key;
    private final MessageCipher cipher;
    private final Instant created;
    private volatile long salt;
    private volatile long previousSalt;
    private volatile int layer;
    private volatile Object authorization;

    ServerAuthKey(AuthKey key, long salt) {
        this.key = key;
        this.cipher = new MessageCipher(key).toleratingTrailingBytes();
        this.created = Instant.now();
        this.salt = salt;
        this.previousSalt = salt;
    }

    public long id() {
        return key.id();
    }

    MessageCipher cipher() {
        return cipher;
    }

    public Instant created() {
        return created;
    }

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

    /** The layer from the client's last invokeWithLayer on this key, or 0. */
    public int layer() {
        return layer;
    }

    void layer(int value) {
        layer = value;
    }

    /** What the API layer stored as this key's authorization (e.g. the logged-in user), or null. */
    public Object authorization() {
        return authorization;
    }

    public void authorization(Object value) {
        authorization = value;
    }

    @Override
    public String toString() {
        return "ServerAuthKey{id=" + Long.toHexString(key.id()) + ", layer=" + layer + "}";
    }
}
