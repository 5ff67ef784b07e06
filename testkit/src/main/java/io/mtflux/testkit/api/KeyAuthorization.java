package io.mtflux.testkit.api;

/**
 * What an auth key is logged in as (stored with {@code ServerAuthKey.authorization(..)}; no entry means not logged
 * in): the state, the account, the DC, when, an id for account.getAuthorizations, and whether it came from
 * {@code auth.importAuthorization} (a second DC of an account living elsewhere).
 *
 * @param state password pending, authorized, revoked by another session (auth.resetAuthorizations), or expired
 *     (by the operator)
 * @param userId the account
 * @param dcId the DC of the key
 * @param createdSeconds unix time of the login
 * @param hash the authorization's id in account.getAuthorizations
 * @param imported whether the login was an authorization import
 */
record KeyAuthorization(State state, long userId, int dcId, int createdSeconds, long hash, boolean imported) {
    enum State { PASSWORD_PENDING, AUTHORIZED, REVOKED, EXPIRED }

    boolean authorized() {
        return state == State.AUTHORIZED;
    }

    /** Whether the authorization was ended by the server (revoked or expired), not merely pending. */
    boolean ended() {
        return state == State.REVOKED || state == State.EXPIRED;
    }

    /** This authorization in another state. */
    KeyAuthorization withState(State value) {
        return new KeyAuthorization(value, userId, dcId, createdSeconds, hash, imported);
    }
}
