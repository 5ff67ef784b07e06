package io.mtflux.core.internal.session;

import io.mtflux.core.rpc.AlreadyExecutedException;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.tl.TlDecodeException;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.api.Updates;
import io.mtflux.core.tl.mtproto.BadServerSalt;
import io.mtflux.core.tl.mtproto.BaseBadMsgNotification;
import io.mtflux.core.tl.mtproto.BaseMsgDetailedInfo;
import io.mtflux.core.tl.mtproto.FutureSalts;
import io.mtflux.core.tl.mtproto.MsgContainer;
import io.mtflux.core.tl.mtproto.MsgNewDetailedInfo;
import io.mtflux.core.tl.mtproto.MsgResendReq;
import io.mtflux.core.tl.mtproto.MsgsAck;
import io.mtflux.core.tl.mtproto.MsgsStateInfo;
import io.mtflux.core.tl.mtproto.MsgsStateReq;
import io.mtflux.core.tl.mtproto.NewSessionCreated;
import io.mtflux.core.tl.mtproto.Ping;
import io.mtflux.core.tl.mtproto.Pong;
import io.mtflux.core.tl.mtproto.RpcDropAnswerRequest;
import io.mtflux.core.tl.mtproto.RpcError;
import io.mtflux.core.tl.mtproto.RpcResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one MTProto session as a pure state machine (docs/protocol.md 2.5–2.10): it assigns msg_ids and
 * seq_nos, packs outgoing messages (with piggybacked acks) into packets, and dispatches decrypted incoming
 * messages: results to the waiting requests, service messages to its own bookkeeping (salts, time, resends,
 * session resets), updates to the listener. It does no I/O and keeps no timers, so it is tested without a
 * network; {@code MtprotoConnection} drives it. Not thread-safe: one thread (or a serialized drain) at a time.
 */
public final class MessageSession {
    /** A request sent this many times without an answer fails instead of going out again. */
    public static final int MAX_SENDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(MessageSession.class);
    private static final int MAX_ACKS_PER_MESSAGE = 8192;
    private static final int REMEMBERED_CONTAINERS = 1024;
    private static final int PREVIOUS_SESSIONS = 4;

    /**
     * One packet's plaintext header and body, ready for encryption.
     *
     * @param salt the server salt
     * @param sessionId the session id
     * @param msgId the msg_id of the top-level message
     * @param seqNo its seq_no
     * @param body the boxed top-level message (a container or a lone message)
     */
    public record OutboundPacket(long salt, long sessionId, long msgId, int seqNo, byte[] body) {
        /** {@return the plaintext as encryption expects it: salt, session_id, msg_id, seq_no, length, body} */
        public byte[] plaintext() {
            return MessageCodec.encodePlaintext(salt, sessionId, msgId, seqNo, body);
        }
    }

    /**
     * A server msg_id more than this many seconds ahead of the server time as we see it is ignored (the protocol's
     * security guidelines: 30 s ahead, 300 s behind).
     */
    static final long MAX_FUTURE_SECONDS = 30;
    /**
     * A server msg_id more than this many seconds behind the server time as we see it is ignored: five minutes, so
     * that an answer or update the server sends again under its first msg_id after a reconnect still counts.
     */
    static final long MAX_PAST_SECONDS = 300;
    /** Messages held outside the time window until the clock is resynced: at most this many (the oldest go). */
    static final int MAX_HELD = 2048;
    /** ... and at most this many bytes of their bodies. */
    static final int MAX_HELD_BYTES = 16 << 20;

    private final MessageIdGenerator ids;
    private final ServerSalts salts;
    private final LongSupplier sessionIds;
    private final SessionListener listener;
    private final SeqNoCounter seq = new SeqNoCounter();
    private final ReceivedMessageIds received = new ReceivedMessageIds(2048);
    private final Map<Long, PendingRequest> pending = new HashMap<>();
    /**
     * The msg_ids pending requests went out under before their current one: the server may still answer one of
     * them (the session it reached lives on), and that answer is the request's answer.
     */
    private final Map<Long, PendingRequest> earlier = new HashMap<>();
    private final Map<Long, long[]> containers = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, long[]> eldest) {
            return size() > REMEMBERED_CONTAINERS;
        }
    };
    private final ArrayDeque<OutgoingMessage> outbox = new ArrayDeque<>();
    private final List<Long> acks = new ArrayList<>();
    private long sessionId;
    /** The session_ids this session had before (newest first, 0 when unused): their late answers still count. */
    private final long[] previousSessionIds = new long[PREVIOUS_SESSIONS];
    /** The lowest and highest msg_id sent in the current session (0 before the first). */
    private long sessionFirstMsgId;
    private long sessionLastMsgId;
    /** Set when messages go out again under their old msg_id: they must travel in a container. */
    private boolean resendInContainer;
    /**
     * Messages whose msg_id lay outside the time window when they came (the server's clock, or ours, jumped): looked
     * at again once a {@code bad_msg_notification} 16 or 17, or the clock probe's pong from ahead, has resynced the
     * clock, so that an answer among them is not lost. Oldest first; null until the first (a hot account's session
     * stays small).
     */
    private ArrayDeque<HeldMessage> held;
    private long heldBytes;
    /** Whether a ping asking for a resync (its msg_id tells the server our clock) is on its way. */
    private boolean probing;
    /** That ping's random ping_id: the pong carrying it is a fresh word of the server's time. */
    private long probePingId;

    private record HeldMessage(long msgId, int seqNo, byte[] body) {
    }

    /**
     * @param ids the msg_id generator (its time offset is corrected by this session)
     * @param salts the salts of the auth key
     * @param sessionIds source of random session ids
     * @param listener receives updates and session events
     */
    public MessageSession(MessageIdGenerator ids, ServerSalts salts, LongSupplier sessionIds,
                         SessionListener listener) {
        this.ids = ids;
        this.salts = salts;
        this.sessionIds = sessionIds;
        this.listener = listener;
        this.sessionId = sessionIds.getAsLong();
    }

    /**
     * {@return the session_id this session sends (random, fixed for its life)}
     */
    public long sessionId() {
        return sessionId;
    }

    /**
     * Whether {@code id} is a session_id this session sent with before it started a new one (after
     * bad_msg_notification 17, 32 or 33): the server still answers what it accepted there, and those answers are
     * taken as this session's.
     *
     * @param id a session_id the server sent a message with
     * @return whether it is one of the last few earlier session_ids
     */
    public boolean isPreviousSessionId(long id) {
        for (long previous : previousSessionIds) {
            if (previous != 0 && previous == id) {
                return true;
            }
        }
        return false;
    }

    /** {@return the requests waiting for an answer} */
    public int pendingCount() {
        return pending.size();
    }

    /** {@return whether {@link #nextPacket()} has something to send} */
    public boolean hasOutgoing() {
        return !outbox.isEmpty() || !acks.isEmpty();
    }

    /** {@return whether the known salts run out soon, so {@code get_future_salts} is worth sending} */
    public boolean needsSalts() {
        return salts.needsRefresh(ids.serverTimeSeconds());
    }

    /** {@return whether messages other than acks wait to be sent (re-sends, service answers, queued requests)} */
    public boolean hasOutgoingRequests() {
        return !outbox.isEmpty();
    }

    /** {@return number of received messages not acknowledged yet} */
    public int pendingAcks() {
        return acks.size();
    }

    // ------------------------------------------------------------------ requests

    /**
     * Queues a request; returns its handle. {@code body} is the boxed serialization, wrappers included.
     *
     * @param contentRelated false only for service queries such as ping that need no acknowledgement
     * @param method the method, which reads the result
     * @param body the boxed serialization
     * @param sink receives the result or the error
     * @return the handle, to cancel the request
     */
    public PendingRequest submit(TlMethod<?> method, byte[] body, RequestSink sink, boolean contentRelated) {
        PendingRequest request = new PendingRequest(method, body, sink, contentRelated);
        enqueue(request);
        return request;
    }

    /**
     * Queues a content-related request whose body names the msg_id it is sent with, as auth.bindTempAuthKey does
     * (its encrypted_message carries that msg_id: https://core.telegram.org/method/auth.bindTempAuthKey). The body
     * is built when the msg_id is assigned and again for each new msg_id (a re-send after bad_server_salt or
     * bad_msg_notification); a re-send after a reconnect keeps the msg_id and the body.
     *
     * @param bodyForMsgId the boxed serialization (wrappers included) for a given msg_id
     * @param method the method, which reads the result
     * @param sink receives the result or the error
     * @return the handle, to cancel the request
     */
    public PendingRequest submitForMsgId(TlMethod<?> method, LongFunction<byte[]> bodyForMsgId, RequestSink sink) {
        PendingRequest request = new PendingRequest(method, bodyForMsgId, sink);
        enqueue(request);
        return request;
    }

    /**
     * The msg_id a request was last sent (or queued) under.
     *
     * @param request a handle from {@link #submit}
     * @return the msg_id
     */
    public static long msgIdOf(PendingRequest request) {
        return request.msgId;
    }

    private void enqueue(PendingRequest request) {
        if (request.sends >= MAX_SENDS) {
            forgetEarlier(request);
            request.sink.error(new ProtocolException(request.method.tlName() + " was sent " + request.sends
                + " times without an answer"));
            return;
        }
        if (request.sent) {
            // it went out under this msg_id: an answer to it may still come, and is the request's answer
            long[] kept = request.earlierMsgIds;
            int n = kept == null ? 0 : kept.length;
            kept = kept == null ? new long[1] : java.util.Arrays.copyOf(kept, n + 1);
            kept[n] = request.msgId;
            request.earlierMsgIds = kept;
            earlier.put(request.msgId, request);
        }
        request.sends++;
        request.sessionId = sessionId;
        request.msgId = ids.next();
        if (request.bodyForMsgId != null) {
            request.body = request.bodyForMsgId.apply(request.msgId);
        }
        request.seqNo = seq.next(request.contentRelated);
        request.sent = false;
        request.containerId = 0;
        pending.put(request.msgId, request);
        outbox.add(new OutgoingMessage(request.msgId, request.seqNo, request.body));
    }

    /**
     * Forgets a request; its answer, if it comes, is dropped. When it was already sent, asks the server to drop
     * the answer ({@code rpc_drop_answer}). Returns whether the request was still pending.
     *
     * @param request a handle from {@link #submit}
     * @return whether the request was still pending
     */
    public boolean cancel(PendingRequest request) {
        long msgId = request.msgId;
        if (pending.get(msgId) != request) {
            return false;
        }
        pending.remove(msgId);
        forgetEarlier(request);
        if (request.sent) {
            sendService(new RpcDropAnswerRequest(msgId), true);
        } else {
            outbox.removeIf(m -> m.msgId() == msgId);
        }
        return true;
    }

    /**
     * Fails every pending request (the client is closing).
     *
     * @param error what they fail with
     */
    public void failAll(Throwable error) {
        List<PendingRequest> all = new ArrayList<>(pending.values());
        pending.clear();
        earlier.clear();
        outbox.clear();
        for (PendingRequest request : all) {
            request.sink.error(error);
        }
    }

    /** The request is done (answered, failed, cancelled): answers to its earlier msg_ids are dropped. */
    private void forgetEarlier(PendingRequest request) {
        if (request.earlierMsgIds != null) {
            for (long id : request.earlierMsgIds) {
                earlier.remove(id, request);
            }
            request.earlierMsgIds = null;
        }
    }

    /**
     * After a reconnect: every request without an answer goes out again under its old msg_id, so the server,
     * which remembers the session's msg_ids, answers it once instead of executing it twice. Old msg_ids travel in
     * a container (docs/protocol.md 2.10); ones the server no longer remembers come back as bad_msg_notification 16/20
     * and are then re-sent with new ids.
     */
    public void resendUnansweredAfterReconnect() {
        outbox.clear();
        List<PendingRequest> all = new ArrayList<>(pending.values());
        all.sort((a, b) -> Long.compare(a.msgId, b.msgId));
        boolean old = false;
        for (PendingRequest request : all) {
            if (request.sessionId != sessionId) {
                // queued in an earlier session: the server never learns its msg_id in this one, it is a new message
                pending.remove(request.msgId);
                enqueue(request);
            } else {
                outbox.add(new OutgoingMessage(request.msgId, request.seqNo, request.body));
                old = true;
            }
        }
        resendInContainer = old;
    }

    private void sendService(TlObject message, boolean contentRelated) {
        outbox.add(new OutgoingMessage(ids.next(), seq.next(contentRelated), TlWriter.serialize(message)));
    }

    /**
     * {@return the next packet to encrypt and send, with pending acks piggybacked; null when there is nothing to send}
     */
    public OutboundPacket nextPacket() {
        while (!acks.isEmpty()) {
            List<Long> batch = new ArrayList<>(acks.subList(0, Math.min(acks.size(), MAX_ACKS_PER_MESSAGE)));
            acks.subList(0, batch.size()).clear();
            sendService(new MsgsAck(batch), false);
        }
        if (outbox.isEmpty()) {
            return null;
        }
        ContainerPacker.Packet packet = ContainerPacker.pack(outbox, ids, seq, resendInContainer);
        resendInContainer = resendInContainer && !outbox.isEmpty();
        long[] inner = new long[packet.innerMsgIds().size()];
        sentInSession(packet.msgId());
        for (int i = 0; i < inner.length; i++) {
            inner[i] = packet.innerMsgIds().get(i);
            sentInSession(inner[i]);
            PendingRequest request = pending.get(inner[i]);
            if (request != null) {
                request.sent = true;
                request.transmissions++;
                request.containerId = packet.isContainer() ? packet.msgId() : 0;
            }
        }
        if (packet.isContainer()) {
            containers.put(packet.msgId(), inner);
        }
        return new OutboundPacket(salts.current(ids.serverTimeSeconds()), sessionId, packet.msgId(),
            packet.seqNo(), packet.body());
    }

    private void sentInSession(long msgId) {
        if (sessionFirstMsgId == 0 || msgId < sessionFirstMsgId) {
            sessionFirstMsgId = msgId;
        }
        sessionLastMsgId = Math.max(sessionLastMsgId, msgId);
    }

    // ------------------------------------------------------------------ incoming

    /**
     * Handles one decrypted message (its msg_id, seq_no and a reader over exactly its body). A msg_id whose time
     * is more than {@link #MAX_FUTURE_SECONDS} ahead of or {@link #MAX_PAST_SECONDS} behind the server time as this
     * session sees it is ignored (except for a {@code bad_msg_notification} and a container, see
     * {@link #timeIndependent}); so are replays (duplicates and ids older than the last N); odd seq_nos are
     * acknowledged.
     *
     * @param msgId the message's msg_id
     * @param seqNo its seq_no
     * @param body a reader over exactly its body
     * @throws TlDecodeException for a body that is not valid TL (the caller drops the connection)
     */
    public void onMessage(long msgId, int seqNo, TlReader body) {
        if ((msgId & 1) == 0) {
            throw new ProtocolException("server msg_id " + Long.toHexString(msgId) + " is even");
        }
        if (!inTimeWindow(msgId) && !timeIndependent(body)) {
            byte[] bytes = body.readRaw(body.remaining());
            if (!answersProbeFromAhead(msgId, bytes)) {
                LOG.debug("holding msg_id {} outside the time window (server time {} as we see it)",
                    Long.toHexString(msgId), ids.serverTimeSeconds());
                hold(msgId, seqNo, bytes);
                return;
            }
            // The pong to our clock probe, from further ahead than the window: the server's clock is ahead of our
            // estimate (a stale offset, or our clock set back), and unlike a server behind us it has no cause to
            // send a bad_msg_notification (our msg_ids lie inside its window). A fresh answer to our random ping_id
            // proves its time: move ours forward to it (never back: msg_ids only grow within a session).
            LOG.debug("server time {} s ahead of ours: resynced from the pong to our probe",
                (msgId >>> 32) - ids.serverTimeSeconds());
            ids.syncToServerMsgId(msgId);
            body = new TlReader(bytes);
        }
        if (!received.add(msgId)) {
            LOG.debug("ignoring replayed or too old msg_id {}", Long.toHexString(msgId));
            return;
        }
        if ((seqNo & 1) != 0) {
            acks.add(msgId);
        }
        dispatch(msgId, body);
    }

    /**
     * Whether the time in {@code msgId} (its high 32 bits: unixtime) lies within {@link #MAX_FUTURE_SECONDS} ahead
     * and {@link #MAX_PAST_SECONDS} behind the server time as this session sees it (local clock plus offset).
     */
    boolean inTimeWindow(long msgId) {
        long delta = (msgId >>> 32) - ids.serverTimeSeconds();
        return delta <= MAX_FUTURE_SECONDS && delta >= -MAX_PAST_SECONDS;
    }

    /**
     * Keeps a message that came outside the time window until the clock is resynced, and sends a ping (one at a
     * time), the clock probe: a server behind us answers it with a {@code bad_msg_notification} 16 or 17, which
     * resyncs our clock even when nothing else goes out; a server ahead of us answers with a pong from ahead of the
     * window, which resyncs it forward ({@link #answersProbeFromAhead}). When the pong comes, what is held is looked
     * at again: handled if now inside the window, dropped if not (the clocks agreed: a replay, or junk).
     */
    private void hold(long msgId, int seqNo, byte[] bytes) {
        if (held == null) {
            held = new ArrayDeque<>();
        }
        held.addLast(new HeldMessage(msgId, seqNo, bytes));
        heldBytes += bytes.length;
        while (held.size() > MAX_HELD || heldBytes > MAX_HELD_BYTES) {
            HeldMessage dropped = held.removeFirst();
            heldBytes -= dropped.body().length;
            LOG.debug("dropping held msg_id {}: too many held", Long.toHexString(dropped.msgId()));
        }
        if (!probing) {
            probing = true;
            probePingId = ThreadLocalRandom.current().nextLong();
            Ping ping = new Ping(probePingId);
            submit(ping, TlWriter.serialize(ping), new RequestSink() {
                @Override
                public void success(Object result) {
                    // after a resync by the pong (or a bad_msg_notification) the held messages now fit the
                    // window; without one our clock and the server's agree, and what is held was no clock's jump
                    // but a replay of an old message or junk from too far ahead: dropped
                    probing = false;
                    releaseHeld();
                }

                @Override
                public void error(Throwable error) {
                    probing = false;
                }
            }, false);
        }
    }

    /**
     * After the clock was resynced: the held messages now inside the time window are handled as if they came now
     * (replays are still dropped); the others were not a clock's jump but too old or too new, and are dropped.
     */
    private void releaseHeld() {
        if (held == null) {
            return;
        }
        List<HeldMessage> again = new ArrayList<>(held);
        held = null;
        heldBytes = 0;
        for (HeldMessage m : again) {
            if (inTimeWindow(m.msgId())) {
                onMessage(m.msgId(), m.seqNo(), new TlReader(m.body()));
            } else {
                LOG.debug("dropping held msg_id {}: outside the time window after the resync too",
                    Long.toHexString(m.msgId()));
            }
        }
    }

    /**
     * Whether {@code body} is the pong to our clock probe and {@code msgId} lies ahead of the window (not behind:
     * our clock only moves back in a new session, after a {@code bad_msg_notification} 17).
     */
    private boolean answersProbeFromAhead(long msgId, byte[] body) {
        if (!probing || (msgId >>> 32) - ids.serverTimeSeconds() <= MAX_FUTURE_SECONDS) {
            return false;
        }
        TlReader r = new TlReader(body);
        if (r.remaining() < 20 || r.peekInt() != Pong.ID) {
            return false;
        }
        return r.readObject() instanceof Pong pong && pong.pingId() == probePingId;
    }

    /** {@return how many messages are held outside the time window, waiting for a resync} */
    int heldCount() {
        return held == null ? 0 : held.size();
    }

    /**
     * Messages let through whatever their msg_id's time: a {@code bad_msg_notification}, which is how the client
     * learns that its clock is off (16/17) and whose msg_id resyncs it; a {@code msg_container}, whose inner
     * messages carry msg_ids of their own and are checked one by one.
     */
    private static boolean timeIndependent(TlReader body) {
        int id = body.peekInt();
        return id == BaseBadMsgNotification.ID || id == MsgContainer.ID;
    }

    private void dispatch(long msgId, TlReader r) {
        int id = r.peekInt();
        switch (id) {
            case MsgContainer.ID -> onContainer(r);
            case TlReader.GZIP_PACKED_ID -> {
                r.readInt();
                r.unknownOrGzip(id, "Object", inner -> {
                    dispatch(msgId, inner);
                    return Boolean.TRUE;
                });
            }
            case RpcResult.ID -> onRpcResult(r);
            case BadServerSalt.ID -> onBadServerSalt((BadServerSalt) r.readObject());
            case BaseBadMsgNotification.ID -> onBadMsgNotification(msgId, (BaseBadMsgNotification) r.readObject());
            case NewSessionCreated.ID -> onNewSessionCreated((NewSessionCreated) r.readObject());
            case Pong.ID -> {
                Pong pong = (Pong) r.readObject();
                complete(pong.msgId(), pong);
            }
            case FutureSalts.ID -> {
                FutureSalts future = (FutureSalts) r.readObject();
                salts.addFuture(future.salts());
                complete(future.reqMsgId(), future);
            }
            case MsgsAck.ID -> r.readObject(); // answers will follow; nothing to do
            case MsgsStateReq.ID -> onStateRequest(msgId, (MsgsStateReq) r.readObject());
            case MsgResendReq.ID -> onResendRequest((MsgResendReq) r.readObject());
            case BaseMsgDetailedInfo.ID -> onDetailedInfo(((BaseMsgDetailedInfo) r.readObject()).answerMsgId());
            case MsgNewDetailedInfo.ID -> onDetailedInfo(((MsgNewDetailedInfo) r.readObject()).answerMsgId());
            default -> onOther(r);
        }
    }

    private void onContainer(TlReader r) {
        MessageCodec.readContainer(r, (innerId, innerSeq, body) -> {
            TlReader inner = new TlReader(body);
            if (inner.peekInt() == MsgContainer.ID) {
                throw r.error("nested msg_container");
            }
            onMessage(innerId, innerSeq, inner);
        });
    }

    private void onRpcResult(TlReader r) {
        r.readInt();
        long reqMsgId = r.readLong();
        PendingRequest request = pending.remove(reqMsgId);
        if (request == null) {
            request = earlier.get(reqMsgId);
            if (request == null) {
                LOG.debug("dropping the answer to unknown or cancelled request {}", Long.toHexString(reqMsgId));
                return;
            }
            // the answer to an earlier send of a request that went out again: it is the answer (the later send's
            // answer, if any, is dropped)
            LOG.debug("{}: the answer to its earlier msg_id {}", request.method.tlName(), Long.toHexString(reqMsgId));
            PendingRequest current = request;
            pending.remove(current.msgId, current);
            outbox.removeIf(m -> m.msgId() == current.msgId);
        }
        forgetEarlier(request);
        Object result;
        try {
            result = decodeResult(r, request.method);
        } catch (TlDecodeException e) {
            request.sink.error(new ProtocolException("undecodable result of " + request.method.tlName(), e));
            return;
        }
        if (result instanceof RpcException error) {
            // sent again under a new msg_id: a RANDOM_ID_DUPLICATE means an earlier send was executed
            request.sink.error(request.transmissions > 1
                ? AlreadyExecutedException.ofResent(error, request.method.tlName()) : error);
            return;
        }
        if (result instanceof Updates updates) {
            listener.onUpdates(updates);
        }
        request.sink.success(result);
    }

    private static Object decodeResult(TlReader r, TlMethod<?> method) {
        int id = r.peekInt();
        if (id == RpcError.ID) {
            RpcError error = (RpcError) r.readObject();
            return RpcException.of(error.errorCode(), error.errorMessage());
        }
        if (id == TlReader.GZIP_PACKED_ID) {
            r.readInt();
            return r.unknownOrGzip(id, "result", inner -> decodeResult(inner, method));
        }
        return method.readResult(r);
    }

    private void complete(long msgId, Object result) {
        PendingRequest request = pending.remove(msgId);
        if (request != null) {
            forgetEarlier(request);
            request.sink.success(result);
        }
    }

    private void onBadServerSalt(BadServerSalt bad) {
        salts.replace(bad.newServerSalt());
        listener.onSaltChanged(bad.newServerSalt());
        resend(bad.badMsgId());
    }

    private void onBadMsgNotification(long notificationMsgId, BaseBadMsgNotification bad) {
        int code = bad.errorCode();
        LOG.debug("bad_msg_notification {} for {} (server time {})", code, Long.toHexString(bad.badMsgId()),
            notificationMsgId >>> 32);
        // the server rejected the message (it was not executed): only what it stands for goes out again; a
        // notification about a msg_id that already went out again (or was answered) changes nothing
        List<PendingRequest> rejected = requestsFor(bad.badMsgId());
        if (rejected.isEmpty() && code != 17 && code != 32 && code != 33) {
            return;
        }
        switch (code) {
            case 16 -> {
                ids.syncToServerMsgId(notificationMsgId);
                releaseHeld();
                resend(rejected);
            }
            case 17 -> {
                // our ids ran ahead of the server: going back is only allowed in a new session (as tdlib does)
                ids.syncToServerMsgId(notificationMsgId);
                releaseHeld();
                newSessionFor(rejected, bad.badMsgId());
            }
            case 20 -> resend(rejected);
            case 32, 33 -> newSessionFor(rejected, bad.badMsgId()); // our seq_no bookkeeping and the server's disagree
            default -> fail(rejected, new ProtocolException("the server rejected message "
                + Long.toHexString(bad.badMsgId()) + " with bad_msg_notification code " + code));
        }
    }

    /**
     * 17, 32, 33: the rejected requests go out again in a fresh session (new id, seq_no and msg_id floor), unless
     * they were sent in an earlier session than the current one (then the current one is fresh enough). Requests
     * the server accepted in the old session stay pending under their msg_ids: their answers come with the old
     * session_id, which is still accepted ({@link #isPreviousSessionId}); sending them again would execute them
     * twice. Requests not sent yet are queued in the new session.
     */
    private void newSessionFor(List<PendingRequest> rejected, long badMsgId) {
        boolean current = rejected.isEmpty() ? sessionFirstMsgId != 0 && badMsgId >= sessionFirstMsgId
            && badMsgId <= sessionLastMsgId : rejected.stream().anyMatch(r -> r.sessionId == sessionId);
        if (!current) {
            resend(rejected);
            return;
        }
        System.arraycopy(previousSessionIds, 0, previousSessionIds, 1, PREVIOUS_SESSIONS - 1);
        previousSessionIds[0] = sessionId;
        sessionId = sessionIds.getAsLong();
        sessionFirstMsgId = 0;
        sessionLastMsgId = 0;
        seq.reset();
        ids.restart();
        List<PendingRequest> again = new ArrayList<>(rejected);
        for (PendingRequest request : pending.values()) {
            if (!request.sent && !again.contains(request)) {
                again.add(request);
            }
        }
        again.sort((a, b) -> Long.compare(a.msgId, b.msgId));
        resend(again);
    }

    /** The pending requests a msg_id stands for: the request itself, or those inside a container. */
    private List<PendingRequest> requestsFor(long msgId) {
        List<PendingRequest> found = new ArrayList<>();
        PendingRequest direct = pending.get(msgId);
        if (direct != null) {
            found.add(direct);
        }
        long[] inner = containers.get(msgId);
        if (inner != null) {
            for (long innerId : inner) {
                PendingRequest request = pending.get(innerId);
                if (request != null) {
                    found.add(request);
                }
            }
        }
        return found;
    }

    private void resend(long msgId) {
        resend(requestsFor(msgId));
    }

    private void resend(List<PendingRequest> requests) {
        for (PendingRequest request : requests) {
            pending.remove(request.msgId);
            outbox.removeIf(m -> m.msgId() == request.msgId);
            enqueue(request);
        }
    }

    private void fail(List<PendingRequest> requests, Throwable error) {
        for (PendingRequest request : requests) {
            pending.remove(request.msgId);
            forgetEarlier(request);
            request.sink.error(error);
        }
    }

    private void onNewSessionCreated(NewSessionCreated created) {
        salts.replace(created.serverSalt());
        listener.onSaltChanged(created.serverSalt());
        // the server never saw what we sent before first_msg_id in this session (docs/protocol.md 2.9); what went
        // out in an earlier session of ours lives in that session, which the server did not say it forgot
        List<PendingRequest> unseen = new ArrayList<>();
        for (PendingRequest request : pending.values()) {
            long sentAs = request.containerId != 0 ? request.containerId : request.msgId;
            if (request.sent && sentAs < created.firstMsgId() && request.sessionId == sessionId) {
                unseen.add(request);
            }
        }
        unseen.sort((a, b) -> Long.compare(a.msgId, b.msgId));
        for (PendingRequest request : unseen) {
            pending.remove(request.msgId);
            enqueue(request);
        }
        listener.onSessionCreated();
    }

    private void onStateRequest(long requestMsgId, MsgsStateReq request) {
        byte[] info = new byte[request.msgIds().size()];
        for (int i = 0; i < info.length; i++) {
            info[i] = received.state(request.msgIds().get(i));
        }
        sendService(new MsgsStateInfo(requestMsgId, info), false);
    }

    private void onResendRequest(MsgResendReq request) {
        for (long msgId : request.msgIds()) {
            resend(msgId);
        }
    }

    private void onDetailedInfo(long answerMsgId) {
        // the server has an answer we may have missed: ask for it unless we already have it
        if (received.state(answerMsgId) != 4) {
            sendService(new MsgResendReq(List.of(answerMsgId)), false);
        } else {
            acks.add(answerMsgId);
        }
    }

    /** Updates and anything else; bytes that are no known TL object throw (the connection is dropped). */
    private void onOther(TlReader r) {
        TlObject object = r.readObject();
        if (object instanceof Updates updates) {
            listener.onUpdates(updates);
        } else {
            LOG.debug("ignoring {}", object.tlName());
        }
    }
}
