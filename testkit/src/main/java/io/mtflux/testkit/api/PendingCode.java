package io.mtflux.testkit.api;

/**
 * One login attempt between {@code auth.sendCode} and its end: the phone, the phone_code_hash, the DC that
 * issued it, the current code, how it was delivered (its place in the delivery chain) and its expiry (a resend
 * replaces all three), the wrong tries so far, and whether the code was already accepted (then only
 * {@code auth.signUp} may use it). Guarded by its own monitor.
 *
 * <p>States: {@code SENT} (the code can be entered), {@code VERIFIED} (entered, sign-up pending), {@code USED},
 * {@code EXPIRED} (its lifetime passed: a resend brings a new one) and {@code CLOSED} (too many wrong tries,
 * cancelled, or replaced by a newer {@code auth.sendCode}: the hash is gone).
 */
final class PendingCode {
    enum State { SENT, VERIFIED, USED, EXPIRED, CLOSED }

    private final String phone;
    private final String hash;
    private final int dcId;
    private String code;
    private int delivery;
    private long expiresAtMillis;
    private int wrongTries;
    private State state = State.SENT;

    PendingCode(String phone, String hash, int dcId, String code, long expiresAtMillis) {
        this.phone = phone;
        this.hash = hash;
        this.dcId = dcId;
        this.code = code;
        this.expiresAtMillis = expiresAtMillis;
    }

    String phone() {
        return phone;
    }

    String hash() {
        return hash;
    }

    int dcId() {
        return dcId;
    }

    synchronized String code() {
        return code;
    }

    /** @return the index in the delivery chain of the kind the current code was sent by */
    synchronized int delivery() {
        return delivery;
    }

    /** The state, turning SENT or VERIFIED into EXPIRED once the lifetime has passed. */
    synchronized State state(long nowMillis) {
        if ((state == State.SENT || state == State.VERIFIED) && nowMillis >= expiresAtMillis) {
            state = State.EXPIRED;
        }
        return state;
    }

    /**
     * A new code by the next kind of the chain, if the hash still lives (sent, verified or expired).
     *
     * @return false when the hash is used or closed
     */
    synchronized boolean resend(String newCode, long newExpiry) {
        if (state == State.USED || state == State.CLOSED) {
            return false;
        }
        code = newCode;
        delivery++;
        expiresAtMillis = newExpiry;
        wrongTries = 0;
        state = State.SENT;
        return true;
    }

    /** Counts a wrong try; after {@code maxTries} the hash is closed. */
    synchronized void wrongTry(int maxTries) {
        if (++wrongTries >= maxTries) {
            state = State.CLOSED;
        }
    }

    synchronized void state(State value) {
        state = value;
    }

    /** Moves SENT to {@code next}; false if the code is no longer SENT (used, expired, or raced). */
    synchronized boolean accept(State next, long nowMillis) {
        if (state(nowMillis) != State.SENT) {
            return false;
        }
        state = next;
        return true;
    }

    /** Moves VERIFIED to USED; false if someone else got there first (a reused code). */
    synchronized boolean use() {
        if (state != State.VERIFIED) {
            return false;
        }
        state = State.USED;
        return true;
    }

    @Override
    public String toString() {
        return "PendingCode{dc=" + dcId + ", state=" + state + "}";
    }
}
