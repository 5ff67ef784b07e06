package io.mtflux.core.client;

import java.util.Objects;

/**
 * A server answered at a DC's address but no auth key could be agreed with it, as often as
 * {@link ClientOptions#maxConnectAttempts()} allows in a row: a failure that retrying does not mend (the wrong
 * server, or the wrong RSA key given for it). The {@link #reason()} says which; the message names the DC, the
 * address and the failed check, never key material.
 */
public final class HandshakeFailedException extends DcConnectException {
    private static final long serialVersionUID = 1L;

    /** Why the key exchange failed. */
    public enum Reason {
        /**
         * None of the RSA key fingerprints the server offered belongs to a key the client trusts (another server,
         * or the wrong {@code rsaKeys} in the {@link DcOptions}).
         */
        UNKNOWN_FINGERPRINT,
        /** A security check of the key exchange failed (nonces, hashes, the DH parameters). */
        SECURITY_CHECK,
        /** What the server sent is no MTProto: bytes no framing or plain message can carry. */
        NOT_MTPROTO
    }

    /** Why the key exchange failed. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param dcId the DC
     * @param host the host dialled
     * @param port the port dialled
     * @param reason why the exchange failed
     * @param cause the error of the last attempt (its message holds no secret)
     */
    public HandshakeFailedException(int dcId, String host, int port, Reason reason, Throwable cause) {
        super(dcId, host, port, "DC " + dcId + " at " + address(host, port) + ": " + describe(reason)
            + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** {@return why the key exchange failed} */
    public Reason reason() {
        return reason;
    }

    private static String describe(Reason reason) {
        return switch (Objects.requireNonNull(reason, "reason")) {
            case UNKNOWN_FINGERPRINT -> "the server's RSA key is not a trusted one";
            case SECURITY_CHECK -> "a security check of the key exchange failed";
            case NOT_MTPROTO -> "the server does not speak MTProto";
        };
    }
}
