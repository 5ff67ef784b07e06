package io.mtflux.testkit.api;

import io.mtflux.testkit.server.RequestContext;
import java.util.List;

/**
 * One QR-login token (docs/protocol.md 6.5): issued by auth.exportLoginToken to a waiting session, accepted once by a
 * logged-in account with auth.acceptLoginToken (which pushes updateLoginToken to the waiting session), then
 * redeemed by the next export (or an import on the account's home DC). {@link #toString()} hides the token.
 */
final class LoginToken {
    private final byte[] bytes;
    private final RequestContext waiting;
    private final int dcId;
    private final long expiresAtMillis;
    private final List<Long> exceptIds;
    private long acceptedBy;
    private boolean redeemed;

    LoginToken(byte[] bytes, RequestContext waiting, int dcId, long expiresAtMillis, List<Long> exceptIds) {
        this.bytes = bytes.clone();
        this.waiting = waiting;
        this.dcId = dcId;
        this.expiresAtMillis = expiresAtMillis;
        this.exceptIds = List.copyOf(exceptIds);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    RequestContext waiting() {
        return waiting;
    }

    int dcId() {
        return dcId;
    }

    long expiresAtMillis() {
        return expiresAtMillis;
    }

    List<Long> exceptIds() {
        return exceptIds;
    }

    /** @return the accepting account's id, or 0 */
    synchronized long acceptedBy() {
        return acceptedBy;
    }

    /** First acceptance wins. */
    synchronized boolean accept(long userId) {
        if (acceptedBy != 0) {
            return false;
        }
        acceptedBy = userId;
        return true;
    }

    /** First redemption wins. */
    synchronized boolean redeem() {
        if (acceptedBy == 0 || redeemed) {
            return false;
        }
        redeemed = true;
        return true;
    }

    @Override
    public String toString() {
        return "LoginToken{dc=" + dcId + ", accepted=" + (acceptedBy() != 0) + "}";
    }
}
