package io.mtflux.testkit.server;

/**
 * One encrypted message a DC accepted (its msg_key checked out), and which key encrypted it, as the DC saw the key
 * at that moment. Key ids are public (every packet carries its key's id in the clear); no key material is kept.
 *
 * @param authKeyId the key that encrypted the message
 * @param temporary whether that key is a temporary (PFS) key
 * @param boundPermAuthKeyId for a temporary key, the permanent key it was bound to (0: unbound); 0 for a
 *     permanent key
 * @param boundTempAuthKeyId for a permanent key, the temporary key bound to it (0: none); 0 for a temporary key
 * @param sessionId the message's session
 * @param msgId the top-level message's msg_id (a container counts once)
 */
public record KeyUse(long authKeyId, boolean temporary, long boundPermAuthKeyId, long boundTempAuthKeyId,
                     long sessionId, long msgId) {

    /**
     * Whether the message was encrypted with a permanent key while a temporary key was bound to it: what a PFS
     * client must never do (https://core.telegram.org/api/pfs: "the client must never use the permanent
     * auth_key_id directly").
     *
     * @return whether this use breaks PFS
     */
    public boolean permanentWhileBound() {
        return !temporary && boundTempAuthKeyId != 0;
    }
}
