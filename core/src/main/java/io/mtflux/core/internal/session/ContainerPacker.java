package io.mtflux.core.internal.session;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Packs queued messages into what one encrypted packet carries (docs/protocol.md 2.10): a lone message as it is,
 * several in a {@code msg_container} of at most {@link #MAX_MESSAGES} messages and {@link #MAX_BYTES} bytes, whose
 * own msg_id is newer than all inner ones and whose seq_no is even (a container is not content-related).
 */
public final class ContainerPacker {
    /** At most this many messages per container (the protocol allows 1024; tdlib stays at 1000). */
    public static final int MAX_MESSAGES = 1020;
    /** At most this many bytes of inner messages per container. */
    public static final int MAX_BYTES = 1 << 20;

    private ContainerPacker() {
    }

    /**
     * What one packet carries.
     *
     * @param msgId the msg_id of the packet's top-level message (the container's, or the lone message's)
     * @param seqNo its seq_no
     * @param body the boxed top-level message
     * @param innerMsgIds the msg_ids of the messages inside (just the lone message when not a container)
     */
    public record Packet(long msgId, int seqNo, byte[] body, List<Long> innerMsgIds) {
        /** {@return whether the packet is a container} */
        public boolean isContainer() {
            return innerMsgIds.size() > 1 || innerMsgIds.get(0) != msgId;
        }
    }

    /**
     * Takes messages from the head of {@code queue} (which must not be empty) into one packet. A message too big
     * for a container goes alone.
     *
     * @param queue the messages waiting, oldest first
     * @param ids gives the container its msg_id
     * @param seqNo gives the container its seq_no
     * @return the packet
     */
    public static Packet pack(Deque<OutgoingMessage> queue, MessageIdGenerator ids, SeqNoCounter seqNo) {
        return pack(queue, ids, seqNo, false);
    }

    /**
     * As {@link #pack(Deque, MessageIdGenerator, SeqNoCounter)}; with {@code alwaysContainer} even a lone message
     * goes in a container, as a message re-sent with its old msg_id must (docs/protocol.md 2.10).
     *
     * @param queue the messages waiting, oldest first
     * @param ids gives the container its msg_id
     * @param seqNo gives the container its seq_no
     * @param alwaysContainer whether a lone message goes in a container too
     * @return the packet
     */
    public static Packet pack(Deque<OutgoingMessage> queue, MessageIdGenerator ids, SeqNoCounter seqNo,
                              boolean alwaysContainer) {
        OutgoingMessage first = queue.removeFirst();
        OutgoingMessage next = queue.peekFirst();
        boolean alone = next == null || first.containerSize() + next.containerSize() > MAX_BYTES;
        if (alone && (!alwaysContainer || first.containerSize() > MAX_BYTES)) {
            return new Packet(first.msgId(), first.seqNo(), first.body(), List.of(first.msgId()));
        }
        List<OutgoingMessage> inner = new ArrayList<>();
        inner.add(first);
        int bytes = first.containerSize();
        while (!alone && inner.size() < MAX_MESSAGES && (next = queue.peekFirst()) != null
            && bytes + next.containerSize() <= MAX_BYTES) {
            inner.add(queue.removeFirst());
            bytes += next.containerSize();
        }
        List<Long> innerIds = new ArrayList<>(inner.size());
        for (OutgoingMessage m : inner) {
            innerIds.add(m.msgId());
        }
        long containerId = ids.next();
        return new Packet(containerId, seqNo.next(false), MessageCodec.encodeContainer(inner), innerIds);
    }
}
