package io.mtflux.core.internal.session;

/**
 * One message ready for the wire: its msg_id, seq_no and serialized boxed body.
 *
 * @param msgId the msg_id (client: divisible by 4)
 * @param seqNo the seq_no (odd for content-related messages)
 * @param body the boxed TL body, a multiple of 4 bytes
 */
public record OutgoingMessage(long msgId, int seqNo, byte[] body) {
    /**
     * Checks the body's length.
     *
     * @param msgId the msg_id
     * @param seqNo the seq_no
     * @param body the boxed TL body, a multiple of 4 bytes
     * @throws IllegalArgumentException if the body's length is not a multiple of 4
     */
    public OutgoingMessage {
        if ((body.length & 3) != 0) {
            throw new IllegalArgumentException("message body must be a multiple of 4 bytes, got " + body.length);
        }
    }

    /** {@return bytes this message takes inside a container: msg_id, seqno, length, body} */
    public int containerSize() {
        return 16 + body.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutgoingMessage m && m.msgId == msgId && m.seqNo == seqNo
            && java.util.Arrays.equals(m.body, body);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(msgId) * 31 + seqNo;
    }

    @Override
    public String toString() {
        return "OutgoingMessage{msgId=" + msgId + ", seqNo=" + seqNo + ", " + body.length + " bytes}";
    }
}
