package io.mtflux.transport;

/**
 * A quick acknowledgement (docs/protocol.md 4.5): the server has decrypted and accepted the packet whose
 * {@code msg_key_large} starts with this token. It says nothing about RPC completion.
 *
 * @param token the token as a 32-bit value with bit 31 set (first 4 bytes of msg_key_large, LE, | 0x80000000)
 */
public record QuickAck(int token) {

    @Override
    public String toString() {
        return "QuickAck[0x" + Integer.toHexString(token) + "]";
    }
}
