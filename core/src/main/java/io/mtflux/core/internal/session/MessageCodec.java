package io.mtflux.core.internal.session;

import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.mtproto.MsgContainer;
import java.util.List;

/**
 * The byte layouts both ends of a session share (docs/protocol.md 2.1, 2.2, 2.10): unencrypted messages of the key
 * exchange, the plaintext of an encrypted message, and {@code msg_container} bodies.
 */
public final class MessageCodec {
    private MessageCodec() {
    }

    /** Receives the messages of a container one by one. */
    @FunctionalInterface
    public interface InnerMessageHandler {
        /**
         * Receives one inner message.
         *
         * @param msgId its msg_id
         * @param seqNo its seq_no
         * @param body its boxed body
         */
        void onMessage(long msgId, int seqNo, byte[] body);
    }

    /**
     * {@code auth_key_id = 0 | msg_id | length | message}: an unencrypted message.
     *
     * @param msgId the msg_id
     * @param message the key exchange's message
     * @return the frame
     */
    public static byte[] encodePlain(long msgId, TlObject message) {
        byte[] data = TlWriter.serialize(message);
        TlWriter w = new TlWriter(20 + data.length);
        w.writeLong(0);
        w.writeLong(msgId);
        w.writeInt(data.length);
        w.writeRaw(data, 0, data.length);
        return w.toByteArray();
    }

    /**
     * Whether a frame is an unencrypted message (its auth_key_id is zero).
     *
     * @param frame a received frame
     * @return whether its auth_key_id is zero
     */
    public static boolean isPlain(byte[] frame) {
        return frame.length >= 8 && new TlReader(frame, 0, 8).readLong() == 0;
    }

    /**
     * The object inside an unencrypted message; throws {@code TlDecodeException} for a malformed one.
     *
     * @param frame an unencrypted message
     * @return the object
     */
    public static TlObject decodePlain(byte[] frame) {
        TlReader r = new TlReader(frame);
        r.readLong();
        r.readLong();
        int length = r.readInt();
        if (length < 4 || length > r.remaining()) {
            throw r.error("unencrypted message of " + length + " bytes");
        }
        return new TlReader(frame, 20, length).readObject();
    }

    /**
     * The plaintext of an encrypted message, before padding: salt, session_id, msg_id, seq_no, length, body.
     *
     * @param salt the server salt
     * @param sessionId the session_id
     * @param msgId the msg_id
     * @param seqNo the seq_no
     * @param body the boxed body
     * @return the plaintext
     */
    public static byte[] encodePlaintext(long salt, long sessionId, long msgId, int seqNo, byte[] body) {
        TlWriter w = new TlWriter(32 + body.length);
        w.writeLong(salt);
        w.writeLong(sessionId);
        w.writeLong(msgId);
        w.writeInt(seqNo);
        w.writeInt(body.length);
        w.writeRaw(body, 0, body.length);
        return w.toByteArray();
    }

    /**
     * A boxed {@code msg_container} holding {@code messages} (their ids and seq_nos as given).
     *
     * @param messages the inner messages
     * @return the container
     */
    public static byte[] encodeContainer(List<OutgoingMessage> messages) {
        int bytes = 0;
        for (OutgoingMessage m : messages) {
            bytes += m.containerSize();
        }
        TlWriter w = new TlWriter(8 + bytes);
        w.writeInt(MsgContainer.ID);
        w.writeInt(messages.size());
        for (OutgoingMessage m : messages) {
            w.writeLong(m.msgId());
            w.writeInt(m.seqNo());
            w.writeInt(m.body().length);
            w.writeRaw(m.body(), 0, m.body().length);
        }
        return w.toByteArray();
    }

    /**
     * Reads a boxed {@code msg_container} from {@code r} and hands each inner message to {@code handler}. Lengths
     * are checked against the bytes left; what a container inside a container means is the caller's decision.
     *
     * @param r a reader positioned at the container's constructor id
     * @param handler receives each inner message
     */
    public static void readContainer(TlReader r, InnerMessageHandler handler) {
        r.readInt();
        int count = r.readBareVectorCount();
        for (int i = 0; i < count; i++) {
            long innerId = r.readLong();
            int innerSeq = r.readInt();
            int length = r.readInt();
            if (length < 4 || (length & 3) != 0 || length > r.remaining()) {
                throw r.error("container message of " + length + " bytes");
            }
            handler.onMessage(innerId, innerSeq, r.readRaw(length));
        }
    }
}
