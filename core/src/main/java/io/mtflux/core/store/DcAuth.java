package io.mtflux.core.store;

import io.mtflux.core.crypto.AuthKey;
import java.time.Instant;
import java.util.Objects;

/**
 * What an account has on one DC: its permanent auth key, when the key was made, the last known server salt and
 * time offset, and whether the account is logged in on this key.
 *
 * @param authKey the permanent auth key
 * @param createdAt when the key exchange finished
 * @param serverSalt the last server salt
 * @param timeOffsetSeconds server time minus local time
 * @param authorized whether the key is logged in (after sign-in, bot login, or an imported authorization)
 */
public record DcAuth(AuthKey authKey, Instant createdAt, long serverSalt, long timeOffsetSeconds,
                     boolean authorized) {
    /**
     * Checks that the key and its creation time are set.
     *
     * @param authKey the permanent auth key
     * @param createdAt when the key exchange finished
     * @param serverSalt the last server salt
     * @param timeOffsetSeconds server time minus local time
     * @param authorized whether the key is logged in
     * @throws NullPointerException if {@code authKey} or {@code createdAt} is null
     */
    public DcAuth {
        Objects.requireNonNull(authKey, "authKey");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * This record with another server salt.
     *
     * @param salt the salt
     * @return the new record
     */
    public DcAuth withServerSalt(long salt) {
        return new DcAuth(authKey, createdAt, salt, timeOffsetSeconds, authorized);
    }

    /**
     * This record with another time offset.
     *
     * @param seconds server time minus local time
     * @return the new record
     */
    public DcAuth withTimeOffset(long seconds) {
        return new DcAuth(authKey, createdAt, serverSalt, seconds, authorized);
    }

    /**
     * This record, logged in or not.
     *
     * @param value whether the key is logged in
     * @return the new record
     */
    public DcAuth withAuthorized(boolean value) {
        return new DcAuth(authKey, createdAt, serverSalt, timeOffsetSeconds, value);
    }

    /** Never prints the key or the salt. */
    @Override
    public String toString() {
        return "DcAuth{authKeyId=" + Long.toHexString(authKey.id()) + ", createdAt=" + createdAt + ", authorized="
            + authorized + "}";
    }
}
