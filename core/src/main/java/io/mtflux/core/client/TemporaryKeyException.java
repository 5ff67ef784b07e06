package io.mtflux.core.client;

/**
 * A temporary (PFS) key could not be bound to the permanent key (https://core.telegram.org/method/auth.bindTempAuthKey):
 * what callers waiting for a connection get after {@code maxConnectAttempts} failed bindings in a row. The
 * connection keeps trying with the reconnect delay. The message names the DC and the server's error, never a key.
 */
public final class TemporaryKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The DC whose binding failed. */
    private final int dcId;
    /** The server's error message or what else went wrong. */
    private final String reason;
    /** Whether the DC did not know the permanent key. */
    private final boolean permanentKeyLost;

    /**
     * @param dcId the DC
     * @param reason the server's error message (e.g. {@code ENCRYPTED_MESSAGE_INVALID}) or what else went wrong
     * @param permanentKeyLost whether the DC did not know the permanent key (it is dropped and created again)
     * @param cause the underlying error, if any
     */
    public TemporaryKeyException(int dcId, String reason, boolean permanentKeyLost, Throwable cause) {
        super("DC " + dcId + ": binding a temporary key failed: " + reason
            + (permanentKeyLost ? " (the DC does not know the permanent key; a new one will be created)" : ""), cause);
        this.dcId = dcId;
        this.reason = reason;
        this.permanentKeyLost = permanentKeyLost;
    }

    /** {@return the DC whose binding failed} */
    public int dcId() {
        return dcId;
    }

    /** {@return the server's error message or what else went wrong} */
    public String reason() {
        return reason;
    }

    /** {@return whether the DC did not know the permanent key} */
    public boolean permanentKeyLost() {
        return permanentKeyLost;
    }
}
