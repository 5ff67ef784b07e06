package io.mtflux.core.handshake;

import io.mtflux.core.crypto.AuthKey;
import java.util.Objects;

/**
 * What a finished key exchange yields (docs/protocol.md 3.1 step 10). {@link #toString()} shows the key id only.
 *
 * @param authKey the new 2048-bit auth key
 * @param serverSalt the first server salt, new_nonce[0..8] XOR server_nonce[0..8] as a little-endian long
 * @param timeOffsetSeconds server_time minus local time at the client (0 on the server side)
 * @param dc the dc field of the inner data (0 for plain p_q_inner_data)
 * @param expiresIn for a temporary key, its lifetime in seconds; 0 for a permanent key
 */
public record HandshakeResult(AuthKey authKey, long serverSalt, int timeOffsetSeconds, int dc, int expiresIn) {

    /**
     * Checks the key is present.
     *
     * @param authKey the new auth key
     * @param serverSalt the first server salt
     * @param timeOffsetSeconds server time minus local time
     * @param dc the dc field of the inner data
     * @param expiresIn a temporary key's lifetime in seconds, 0 for a permanent key
     * @throws NullPointerException if {@code authKey} is null
     */
    public HandshakeResult {
        Objects.requireNonNull(authKey, "authKey");
    }

    /** {@return whether this is a temporary (PFS) key} */
    public boolean temporary() {
        return expiresIn > 0;
    }

    @Override
    public String toString() {
        return "HandshakeResult[" + authKey + ", dc=" + dc + ", timeOffset=" + timeOffsetSeconds
            + (temporary() ? ", expiresIn=" + expiresIn : "") + "]";
    }
}
