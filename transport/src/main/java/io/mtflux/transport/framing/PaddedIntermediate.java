package io.mtflux.transport.framing;

import io.netty.buffer.ByteBuf;

/**
 * Finding the real MTProto message inside a padded-intermediate payload (docs/protocol.md 4.3). The framing
 * cannot do it alone, because only the message layer knows which rule applies; this helper applies the
 * documented rules for callers that do know.
 */
public final class PaddedIntermediate {

    private PaddedIntermediate() {
    }

    /**
     * The length of an encrypted message inside a padded payload: 24 header bytes
     * (auth_key_id ‖ msg_key) plus the largest multiple of 16 that fits.
     *
     * @param paddedLength the payload length as received
     * @return the length without the random padding
     */
    public static int encryptedMessageLength(int paddedLength) {
        if (paddedLength < 24) {
            return paddedLength;
        }
        return 24 + ((paddedLength - 24) & ~15);
    }

    /**
     * The length of an unencrypted message (auth_key_id = 0) inside a padded payload, read from its
     * message_data_length field at offset 16.
     *
     * @param payload the payload as received (not consumed)
     * @return the length without the random padding, or the whole length when it is too short to tell
     */
    public static int plainMessageLength(ByteBuf payload) {
        if (payload.readableBytes() < 20) {
            return payload.readableBytes();
        }
        long dataLength = payload.getUnsignedIntLE(payload.readerIndex() + 16);
        return (int) Math.min(payload.readableBytes(), 20 + dataLength);
    }
}
