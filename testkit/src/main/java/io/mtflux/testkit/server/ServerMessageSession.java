package io.mtflux.testkit.server;

import io.mtflux.core.internal.session.ReceivedMessageIds;
import io.mtflux.core.internal.session.SeqNoCounter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One MTProto session as the fake DC sees it, per (auth key, session id): the client's msg_ids (for replay checks and
 * {@code msgs_state_info}), the answers already sent (re-sent, never recomputed, when a query comes again), the
 * server's own seq_no counter, and the connection that currently carries the session. Guarded by its own monitor:
 * a session may move between connections.
 */
final class ServerMessageSession {
    private static final int REMEMBERED_ANSWERS = 2048;

    final ServerAuthKey key;
    final long sessionId;
    final ReceivedMessageIds received = new ReceivedMessageIds(4096);
    final SeqNoCounter seq = new SeqNoCounter();
    private final Map<Long, byte[]> answers = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > REMEMBERED_ANSWERS;
        }
    };
    private final Map<Long, String> queryNames = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > REMEMBERED_ANSWERS;
        }
    };
    private ServerConnection connection;

    ServerMessageSession(ServerAuthKey key, long sessionId) {
        this.key = key;
        this.sessionId = sessionId;
    }

    synchronized void connection(ServerConnection value) {
        connection = value;
    }

    synchronized ServerConnection connection() {
        return connection;
    }

    synchronized void remember(long reqMsgId, byte[] answer) {
        answers.put(reqMsgId, answer);
    }

    synchronized byte[] answerTo(long reqMsgId) {
        return answers.get(reqMsgId);
    }

    /** Records the TL name of the query with this msg_id (for the count of re-sent queries). */
    synchronized void queryName(long reqMsgId, String tlName) {
        queryNames.put(reqMsgId, tlName);
    }

    /** {@return the TL name of the query with this msg_id, or {@code ?} when not known} */
    synchronized String queryName(long reqMsgId) {
        return queryNames.getOrDefault(reqMsgId, "?");
    }

    synchronized int nextSeqNo(boolean contentRelated) {
        return seq.next(contentRelated);
    }

    /** Records a client msg_id; false for a replay. */
    synchronized boolean accept(long msgId) {
        return received.add(msgId);
    }

    synchronized byte state(long msgId) {
        return received.state(msgId);
    }
}
