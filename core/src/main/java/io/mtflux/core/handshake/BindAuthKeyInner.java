package io.mtflux.core.handshake;

import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.SecurityFailure;
import io.mtflux.core.tl.TlDecodeException;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;

/**
 * {@code bind_auth_key_inner#75a3f765 nonce:long temp_auth_key_id:long perm_auth_key_id:long temp_session_id:long
 * expires_at:int = BindAuthKeyInner} (docs/protocol.md 3.5, Appendix A). Encoded by hand: the constructor is not in the
 * mtproto schema the code generator reads.
 *
 * @param nonce a random long, repeated in auth.bindTempAuthKey
 * @param tempAuthKeyId the temporary key's id
 * @param permAuthKeyId the permanent key's id
 * @param tempSessionId the session id the bindTempAuthKey request is sent in
 * @param expiresAt unix time when the binding expires
 */
public record BindAuthKeyInner(long nonce, long tempAuthKeyId, long permAuthKeyId, long tempSessionId,
                               int expiresAt) {

    /** The constructor id. */
    public static final int ID = 0x75a3f765;

    /** @return the boxed serialization (40 bytes) */
    public byte[] serialize() {
        TlWriter w = new TlWriter(40);
        w.writeInt(ID);
        w.writeLong(nonce);
        w.writeLong(tempAuthKeyId);
        w.writeLong(permAuthKeyId);
        w.writeLong(tempSessionId);
        w.writeInt(expiresAt);
        return w.toByteArray();
    }

    /**
     * Parses exactly one boxed object.
     *
     * @param bytes the serialization
     * @return the object
     * @throws MtprotoSecurityException with {@link SecurityFailure#HANDSHAKE_BAD_INNER_DATA}
     */
    public static BindAuthKeyInner parse(byte[] bytes) {
        try {
            TlReader r = new TlReader(bytes);
            if (r.readInt() != ID) {
                throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_BAD_INNER_DATA,
                    "not bind_auth_key_inner");
            }
            BindAuthKeyInner inner = new BindAuthKeyInner(r.readLong(), r.readLong(), r.readLong(), r.readLong(),
                r.readInt());
            r.expectEnd();
            return inner;
        } catch (TlDecodeException e) {
            throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_BAD_INNER_DATA,
                "malformed bind_auth_key_inner");
        }
    }
}
