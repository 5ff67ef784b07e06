package io.mtflux.core.crypto;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * The verified plaintext of an MTProto 2.0 message (docs/protocol.md 2.2):
 * {@code salt | session_id | msg_id | seq_no | message_data_length | message_data | padding}.
 *
 * <p>{@code body} is a slice of the buffer that was decrypted in place (or of a private copy for the
 * {@code byte[]} API); it is not retained separately, so it is valid as long as that buffer is.
 *
 * @param salt the server salt
 * @param sessionId the session id
 * @param msgId the message id
 * @param seqNo the sequence number
 * @param body the message_data (one boxed TL object), message_data_length bytes
 * @param paddingLength how many padding bytes followed the body (12..1024)
 */
public record DecryptedMessage(long salt, long sessionId, long msgId, int seqNo, ByteBuf body, int paddingLength) {

    /** @return a copy of the body bytes */
    public byte[] bodyBytes() {
        return ByteBufUtil.getBytes(body);
    }

    @Override
    public String toString() {
        return "DecryptedMessage[msgId=" + msgId + ", seqNo=" + seqNo + ", bodyLength=" + body.readableBytes() + "]";
    }
}
