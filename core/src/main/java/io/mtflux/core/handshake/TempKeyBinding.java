package io.mtflux.core.handshake;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.BindAuthKeyCipher;
import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.SecurityFailure;
import io.mtflux.core.tl.api.auth.AuthBindTempAuthKey;

/**
 * Binding a temporary key to the permanent one for PFS (docs/protocol.md 3.5; doc api/pfs): the client sends
 * auth.bindTempAuthKey over the temporary key, carrying bind_auth_key_inner encrypted MTProto 1.0-style with the
 * permanent key ({@link BindAuthKeyCipher}); the server decrypts it with the permanent key and checks that it
 * names the keys, session, nonce, expiry and msg_id of the request that carried it.
 */
public final class TempKeyBinding {

    private TempKeyBinding() {
    }

    /**
     * Client side: builds the request.
     *
     * @param permKey the permanent key
     * @param tempKey the temporary key the request will be sent over
     * @param tempSessionId the session id of that connection
     * @param expiresAt when the binding expires (unix time)
     * @param msgId the msg_id the request will be sent with
     * @param random the source of the nonce and of the encryption's random bytes
     * @return auth.bindTempAuthKey
     */
    public static AuthBindTempAuthKey request(AuthKey permKey, AuthKey tempKey, long tempSessionId, int expiresAt,
                                              long msgId, RandomSource random) {
        byte[] n = random.bytes(8);
        long nonce = 0;
        for (int i = 7; i >= 0; i--) {
            nonce = (nonce << 8) | (n[i] & 0xffL);
        }
        BindAuthKeyInner inner = new BindAuthKeyInner(nonce, tempKey.id(), permKey.id(), tempSessionId, expiresAt);
        byte[] encrypted = BindAuthKeyCipher.encrypt(permKey, msgId, inner.serialize(), random);
        return new AuthBindTempAuthKey(permKey.id(), nonce, expiresAt, encrypted);
    }

    /**
     * Server side: verifies a request received over {@code tempKey} in session {@code tempSessionId} with
     * {@code msgId}. On failure the server answers ENCRYPTED_MESSAGE_INVALID.
     *
     * @param request the request
     * @param permKey the permanent key named by request.permAuthKeyId (looked up by the caller)
     * @param tempKey the key the request arrived over
     * @param tempSessionId the session it arrived in
     * @param msgId its msg_id
     * @return the verified inner data
     * @throws MtprotoSecurityException if decryption or any cross-check fails
     */
    public static BindAuthKeyInner verify(AuthBindTempAuthKey request, AuthKey permKey, AuthKey tempKey,
                                          long tempSessionId, long msgId) {
        if (request.permAuthKeyId() != permKey.id()) {
            throw new MtprotoSecurityException(SecurityFailure.AUTH_KEY_ID_MISMATCH, "perm_auth_key_id");
        }
        BindAuthKeyCipher.Content content = BindAuthKeyCipher.decrypt(permKey, request.encryptedMessage());
        BindAuthKeyInner inner = BindAuthKeyInner.parse(content.innerData());
        boolean consistent = content.msgId() == msgId
            && inner.nonce() == request.nonce()
            && inner.expiresAt() == request.expiresAt()
            && inner.permAuthKeyId() == permKey.id()
            && inner.tempAuthKeyId() == tempKey.id()
            && inner.tempSessionId() == tempSessionId;
        if (!consistent) {
            throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_BAD_INNER_DATA,
                "bind_auth_key_inner does not match its request");
        }
        return inner;
    }
}
