package io.mtflux.core.crypto;

/**
 * Who sent an encrypted MTProto 2.0 message; selects the {@code x} offset into the auth key of the msg_key
 * and KDF formulas (docs/protocol.md 2.3).
 */
public enum MessageDirection {
    /** Sent by the client: x = 0. */
    CLIENT_TO_SERVER(0),
    /** Sent by the server: x = 8. */
    SERVER_TO_CLIENT(8);

    private final int x;

    MessageDirection(int x) {
        this.x = x;
    }

    /** @return the KDF offset x (0 or 8) */
    public int x() {
        return x;
    }
}
