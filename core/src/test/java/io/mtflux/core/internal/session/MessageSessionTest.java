package io.mtflux.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.rpc.AlreadyExecutedException;
import io.mtflux.core.rpc.FloodWaitException;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.TlGzip;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.api.NearestDc;
import io.mtflux.core.tl.api.Updates;
import io.mtflux.core.tl.api.UpdatesTooLong;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import io.mtflux.core.tl.mtproto.BadServerSalt;
import io.mtflux.core.tl.mtproto.BaseBadMsgNotification;
import io.mtflux.core.tl.mtproto.Message;
import io.mtflux.core.tl.mtproto.MsgContainer;
import io.mtflux.core.tl.mtproto.MsgsAck;
import io.mtflux.core.tl.mtproto.MsgsStateInfo;
import io.mtflux.core.tl.mtproto.MsgsStateReq;
import io.mtflux.core.tl.mtproto.NewSessionCreated;
import io.mtflux.core.tl.mtproto.Ping;
import io.mtflux.core.tl.mtproto.Pong;
import io.mtflux.core.tl.mtproto.RpcDropAnswerRequest;
import io.mtflux.core.tl.mtproto.RpcError;
import io.mtflux.core.tl.mtproto.RpcResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageSessionTest {
    private static final long NOW = 1_700_000_000L;

    private final AtomicLong clock = new AtomicLong(NOW * 1000);
    private final List<Updates> updates = new ArrayList<>();
    private final AtomicLong nextSessionId = new AtomicLong(100);
    private MessageSession session;
    private long serverMsgId = (NOW << 32) | 1;

    /** Collects what a request's sink received. */
    private static final class Answer implements RequestSink {
        Object result;
        Throwable error;
        int calls;

        @Override
        public void success(Object value) {
            result = value;
            calls++;
        }

        @Override
        public void error(Throwable e) {
            error = e;
            calls++;
        }
    }

    @BeforeEach
    void setUp() {
        session = new MessageSession(new MessageIdGenerator(clock::get), new ServerSalts(7),
            nextSessionId::getAndIncrement, new SessionListener() {
                @Override
                public void onUpdates(Updates u) {
                    updates.add(u);
                }
            });
    }

    private long serverId() {
        serverMsgId += 4;
        return serverMsgId;
    }

    private void receive(int seqNo, TlObject body) {
        session.onMessage(serverId(), seqNo, new TlReader(Tl.serialize(body)));
    }

    private void receiveRaw(int seqNo, byte[] body) {
        session.onMessage(serverId(), seqNo, new TlReader(body));
    }

    private Answer invokeNearestDc() {
        Answer answer = new Answer();
        session.submit(new HelpGetNearestDc(), Tl.serialize(new HelpGetNearestDc()), answer, true);
        return answer;
    }

    /** The top-level messages of a packet, unpacking a container. */
    private static List<Message> messagesOf(MessageSession.OutboundPacket packet) {
        TlObject top = Tl.deserialize(packet.body());
        if (top instanceof MsgContainer container) {
            return container.messages();
        }
        return List.of(new Message(packet.msgId(), packet.seqNo(), packet.body().length, top));
    }

    @Test
    void aResultCompletesExactlyItsRequest() {
        Answer first = invokeNearestDc();
        Answer second = invokeNearestDc();
        MessageSession.OutboundPacket packet = session.nextPacket();
        List<Message> sent = messagesOf(packet);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).seqno()).isEqualTo(1);
        assertThat(sent.get(1).seqno()).isEqualTo(3);
        assertThat(packet.salt()).isEqualTo(7);
        assertThat(packet.sessionId()).isEqualTo(100);
        receive(1, new RpcResult(sent.get(1).msgId(), new NearestDc("NL", 2, 4)));
        assertThat(second.result).isEqualTo(new NearestDc("NL", 2, 4));
        assertThat(first.calls).isZero();
        assertThat(session.pendingCount()).isEqualTo(1);
        // the odd-seq rpc_result is acknowledged in the next packet
        List<Message> next = messagesOf(session.nextPacket());
        assertThat(next).singleElement().satisfies(m -> assertThat(m.body()).isInstanceOf(MsgsAck.class));
        assertThat(next.get(0).seqno() % 2).isZero();
    }

    @Test
    void rpcErrorsAreTypedAndGzippedResultsUnpacked() {
        Answer flood = invokeNearestDc();
        Answer zipped = invokeNearestDc();
        List<Message> sent = messagesOf(session.nextPacket());
        receive(1, new RpcResult(sent.get(0).msgId(), new RpcError(420, "FLOOD_WAIT_3")));
        assertThat(flood.error).isInstanceOf(FloodWaitException.class);
        TlWriter w = new TlWriter();
        w.writeInt(RpcResult.ID);
        w.writeLong(sent.get(1).msgId());
        w.writeInt(TlReader.GZIP_PACKED_ID);
        w.writeBytes(TlGzip.gzip(Tl.serialize(new NearestDc("DE", 1, 1))));
        receiveRaw(3, w.toByteArray());
        assertThat(zipped.result).isEqualTo(new NearestDc("DE", 1, 1));
    }

    @Test
    void badServerSaltAdoptsTheSaltAndResendsWithANewMsgId() {
        Answer answer = invokeNearestDc();
        MessageSession.OutboundPacket first = session.nextPacket();
        receive(2, new BadServerSalt(first.msgId(), first.seqNo(), 48, 99));
        MessageSession.OutboundPacket again = session.nextPacket();
        assertThat(again.salt()).isEqualTo(99);
        Message resent = messagesOf(again).stream().filter(m -> m.body() instanceof HelpGetNearestDc).findFirst()
            .orElseThrow();
        assertThat(resent.msgId()).isGreaterThan(first.msgId());
        receive(1, new RpcResult(resent.msgId(), new NearestDc("NL", 2, 2)));
        assertThat(answer.result).isNotNull();
        assertThat(answer.calls).isEqualTo(1);
    }

    @Test
    void aBodyNamingItsMsgIdIsBuiltAgainForEachNewMsgId() {
        Answer answer = new Answer();
        // ping_id stands in for auth.bindTempAuthKey's encrypted_message, which carries the request's msg_id
        session.submitForMsgId(new Ping(0), msgId -> Tl.serialize(new Ping(msgId)), answer);
        MessageSession.OutboundPacket first = session.nextPacket();
        assertThat(((Ping) Tl.deserialize(first.body())).pingId()).isEqualTo(first.msgId());

        receive(2, new BadServerSalt(first.msgId(), first.seqNo(), 48, 99));
        Message resent = messagesOf(session.nextPacket()).stream().filter(m -> m.body() instanceof Ping)
            .findFirst().orElseThrow();
        assertThat(resent.msgId()).isGreaterThan(first.msgId());
        assertThat(((Ping) resent.body()).pingId()).isEqualTo(resent.msgId());
        assertThat(resent.seqno() & 1).as("content-related").isEqualTo(1);

        session.resendUnansweredAfterReconnect();
        Message afterReconnect = messagesOf(session.nextPacket()).stream().filter(m -> m.body() instanceof Ping)
            .findFirst().orElseThrow();
        assertThat(afterReconnect.msgId()).isEqualTo(resent.msgId());
        assertThat(((Ping) afterReconnect.body()).pingId()).isEqualTo(resent.msgId());
    }

    @Test
    void msgIdTooLowResyncsTheClockAndResends() {
        clock.set((NOW - 3600) * 1000); // our clock is an hour behind
        Answer answer = invokeNearestDc();
        MessageSession.OutboundPacket first = session.nextPacket();
        assertThat(first.msgId() >>> 32).isEqualTo(NOW - 3600);
        receive(2, new BaseBadMsgNotification(first.msgId(), first.seqNo(), 16));
        MessageSession.OutboundPacket again = session.nextPacket();
        assertThat(again.msgId() >>> 32).isBetween(NOW, NOW + 1);
        receive(1, new RpcResult(again.msgId(), new NearestDc("NL", 2, 2)));
        assertThat(answer.result).isNotNull();
    }

    @Test
    void msgIdTooHighResyncsBackwardsInANewSession() {
        clock.set((NOW + 3600) * 1000); // our clock is an hour ahead
        Answer answer = invokeNearestDc();
        MessageSession.OutboundPacket first = session.nextPacket();
        receive(2, new BaseBadMsgNotification(first.msgId(), first.seqNo(), 17));
        MessageSession.OutboundPacket again = session.nextPacket();
        assertThat(again.sessionId()).isNotEqualTo(first.sessionId());
        assertThat(again.msgId() >>> 32).isBetween(NOW, NOW + 1);
        assertThat(again.seqNo()).isEqualTo(1);
        assertThat(answer.calls).isZero();
    }

    @Test
    void protocolViolationsFailTheRequestWithoutResending() {
        Answer answer = invokeNearestDc();
        MessageSession.OutboundPacket first = session.nextPacket();
        receive(2, new BaseBadMsgNotification(first.msgId(), first.seqNo(), 35));
        assertThat(answer.error).isInstanceOf(ProtocolException.class)
            .hasMessageContaining("bad_msg_notification code 35");
        assertThat(session.nextPacket()).isNull();
    }

    @Test
    void endlessResendsEndInAnError() {
        Answer answer = invokeNearestDc();
        for (int i = 0; i < MessageSession.MAX_SENDS; i++) {
            MessageSession.OutboundPacket packet = session.nextPacket();
            assertThat(packet).isNotNull();
            receive(2, new BaseBadMsgNotification(packet.msgId(), packet.seqNo(), 20));
        }
        assertThat(answer.error).isInstanceOf(ProtocolException.class).hasMessageContaining("sent 5 times");
        assertThat(session.pendingCount()).isZero();
    }

    @Test
    void newSessionCreatedResendsOnlyWhatTheServerNeverSaw() {
        Answer old = invokeNearestDc();
        MessageSession.OutboundPacket first = session.nextPacket();
        Answer recent = invokeNearestDc();
        MessageSession.OutboundPacket second = session.nextPacket();
        receive(1, new NewSessionCreated(second.msgId(), 42, 55));
        List<Message> resent = messagesOf(session.nextPacket());
        assertThat(resent).anySatisfy(m -> assertThat(m.body()).isInstanceOf(HelpGetNearestDc.class));
        assertThat(resent.stream().filter(m -> m.body() instanceof HelpGetNearestDc).count()).isEqualTo(1);
        assertThat(resent).noneMatch(m -> m.msgId() == first.msgId() || m.msgId() == second.msgId());
        assertThat(session.pendingCount()).isEqualTo(2);
        assertThat(old.calls + recent.calls).isZero();
    }

    @Test
    void aLateAnswerToAnEarlierMsgIdIsTheAnswerAndTheLaterOneIsDropped() {
        Answer answer = invokeNearestDc();
        MessageSession.OutboundPacket first = session.nextPacket();
        Answer later = invokeNearestDc();
        MessageSession.OutboundPacket second = session.nextPacket();
        // the server lost the session: the first request goes out again under a new msg_id
        receive(1, new NewSessionCreated(second.msgId(), 42, 55));
        long resentId = messagesOf(session.nextPacket()).stream().filter(m -> m.body() instanceof HelpGetNearestDc)
            .findFirst().orElseThrow().msgId();
        assertThat(resentId).isNotEqualTo(first.msgId());
        // ... but the session that received it first still answers it
        receive(1, new RpcResult(first.msgId(), new NearestDc("NL", 2, 4)));
        assertThat(answer.result).isEqualTo(new NearestDc("NL", 2, 4));
        receive(1, new RpcResult(resentId, new RpcError(400, "RANDOM_ID_DUPLICATE")));
        assertThat(answer.calls).isEqualTo(1);
        assertThat(answer.error).isNull();
        assertThat(later.calls).isZero();
        assertThat(session.pendingCount()).isEqualTo(1);
    }

    @Test
    void aResentCallMetByRandomIdDuplicateWasAlreadyExecuted() {
        Answer resent = invokeNearestDc();
        session.nextPacket();
        session.resendUnansweredAfterReconnect();
        MessageSession.OutboundPacket again = session.nextPacket();
        receive(1, new RpcResult(messagesOf(again).get(0).msgId(), new RpcError(400, "RANDOM_ID_DUPLICATE")));
        assertThat(resent.error).isInstanceOf(AlreadyExecutedException.class)
            .hasMessageContaining("help.getNearestDc was executed");
        // sent once: the application used the random_id twice, nothing was re-sent
        Answer once = invokeNearestDc();
        MessageSession.OutboundPacket packet = session.nextPacket();
        long onceId = messagesOf(packet).stream().filter(m -> m.body() instanceof HelpGetNearestDc).findFirst()
            .orElseThrow().msgId();
        receive(1, new RpcResult(onceId, new RpcError(400, "RANDOM_ID_DUPLICATE")));
        assertThat(once.error).isInstanceOf(RpcException.class).isNotInstanceOf(AlreadyExecutedException.class);
    }

    @Test
    void msgIdTooHighResendsOnlyTheRejectedAndKeepsTheOldSessionsAnswers() {
        Answer accepted = invokeNearestDc();
        MessageSession.OutboundPacket first = session.nextPacket();
        clock.set((NOW + 3600) * 1000); // our clock jumps an hour ahead
        Answer rejected = invokeNearestDc();
        MessageSession.OutboundPacket second = session.nextPacket();
        receive(2, new BaseBadMsgNotification(second.msgId(), second.seqNo(), 17));
        MessageSession.OutboundPacket again = session.nextPacket();
        assertThat(again.sessionId()).isNotEqualTo(first.sessionId());
        assertThat(messagesOf(again).stream().filter(m -> m.body() instanceof HelpGetNearestDc).count())
            .isEqualTo(1);
        assertThat(session.isPreviousSessionId(first.sessionId())).isTrue();
        // the accepted request was not sent again; its answer comes in the old session
        assertThat(messagesOf(again)).noneMatch(m -> m.msgId() == first.msgId());
        receive(1, new RpcResult(first.msgId(), new NearestDc("NL", 2, 4)));
        assertThat(accepted.result).isEqualTo(new NearestDc("NL", 2, 4));
        // a second 17 about the old session's message starts no other session
        receive(2, new BaseBadMsgNotification(second.msgId(), second.seqNo(), 17));
        assertThat(session.sessionId()).isEqualTo(again.sessionId());
        assertThat(rejected.calls).isZero();
        assertThat(session.pendingCount()).isEqualTo(1);
    }

    @Test
    void containersRepliesAndReplays() {
        Answer ping = new Answer();
        long pingId = MessageSession.msgIdOf(session.submit(new Ping(5), Tl.serialize(new Ping(5)), ping, false));
        Answer rpc = invokeNearestDc();
        List<Message> sent = messagesOf(session.nextPacket());
        long rpcId = sent.get(1).msgId();
        RpcResult result = new RpcResult(rpcId, new NearestDc("NL", 2, 2));
        MsgContainer reply = new MsgContainer(List.of(
            new Message(serverId(), 2, 20, new Pong(pingId, 5)),
            new Message(serverId(), 1, Tl.serialize(result).length, result)));
        long containerId = serverId();
        session.onMessage(containerId, 2, new TlReader(Tl.serialize(reply)));
        assertThat(ping.result).isEqualTo(new Pong(pingId, 5));
        assertThat(rpc.result).isEqualTo(new NearestDc("NL", 2, 2));
        // a replay of the same container changes nothing
        session.onMessage(containerId, 2, new TlReader(Tl.serialize(reply)));
        assertThat(ping.calls).isEqualTo(1);
        assertThat(session.pendingAcks()).isEqualTo(1);
    }

    @Test
    void cancelledRequestsAskTheServerToDropTheAnswer() {
        Answer answer = new Answer();
        PendingRequest request = session.submit(new HelpGetNearestDc(), Tl.serialize(new HelpGetNearestDc()),
            answer, true);
        long msgId = messagesOf(session.nextPacket()).get(0).msgId();
        assertThat(session.cancel(request)).isTrue();
        assertThat(session.cancel(request)).isFalse();
        assertThat(messagesOf(session.nextPacket()))
            .anySatisfy(m -> assertThat(m.body()).isEqualTo(new RpcDropAnswerRequest(msgId)));
        receive(1, new RpcResult(msgId, new NearestDc("NL", 2, 2)));
        assertThat(answer.calls).isZero();
    }

    @Test
    void pushedUpdatesReachTheListenerAndStateRequestsAreAnswered() {
        receive(1, new UpdatesTooLong());
        assertThat(updates).containsExactly(new UpdatesTooLong());
        long known = serverMsgId;
        receive(2, new MsgsStateReq(List.of(known, serverMsgId + 400)));
        List<Message> out = messagesOf(session.nextPacket());
        MsgsStateInfo info = (MsgsStateInfo) out.stream().filter(m -> m.body() instanceof MsgsStateInfo)
            .findFirst().orElseThrow().body();
        assertThat(info.info()).containsExactly(4, 3);
    }

    @Test
    void afterAReconnectUnansweredRequestsGoAgainUnderTheirOldIdsInAContainer() {
        Answer answer = invokeNearestDc();
        MessageSession.OutboundPacket first = session.nextPacket();
        session.resendUnansweredAfterReconnect();
        MessageSession.OutboundPacket again = session.nextPacket();
        assertThat(Tl.deserialize(again.body())).isInstanceOf(MsgContainer.class);
        assertThat(messagesOf(again)).singleElement().satisfies(m -> {
            assertThat(m.msgId()).isEqualTo(first.msgId());
            assertThat(m.seqno()).isEqualTo(first.seqNo());
        });
        assertThat(again.msgId()).isGreaterThan(first.msgId());
        assertThat(answer.calls).isZero();
    }

    @Test
    void futureSaltsAreRememberedUntilTheyRunOut() {
        assertThat(session.needsSalts()).isTrue();
        Answer answer = new Answer();
        PendingRequest request = session.submit(new io.mtflux.core.tl.mtproto.GetFutureSalts(2),
            Tl.serialize(new io.mtflux.core.tl.mtproto.GetFutureSalts(2)), answer, false);
        session.nextPacket();
        receive(2, new io.mtflux.core.tl.mtproto.FutureSalts(MessageSession.msgIdOf(request), (int) NOW, List.of(
            new io.mtflux.core.tl.mtproto.FutureSalt((int) NOW - 10, (int) NOW + 1800, 11),
            new io.mtflux.core.tl.mtproto.FutureSalt((int) NOW + 1800, (int) NOW + 3600, 12))));
        assertThat(answer.result).isInstanceOf(io.mtflux.core.tl.mtproto.FutureSalts.class);
        assertThat(session.needsSalts()).isFalse();
        invokeNearestDc();
        assertThat(session.nextPacket().salt()).isEqualTo(11);
    }

    @Test
    void serverMessagesWithEvenIdsAreRejected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                session.onMessage(NOW << 32, 1, new TlReader(Tl.serialize(new UpdatesTooLong()))))
            .isInstanceOf(ProtocolException.class);
    }

    @Test
    void serverMsgIdsOutsideTheTimeWindowAreIgnored() {
        // more than 30 s ahead or 300 s behind the server time as the session sees it: ignored, not even remembered
        long tooNew = ((NOW + MessageSession.MAX_FUTURE_SECONDS + 1) << 32) | 1;
        long tooOld = ((NOW - MessageSession.MAX_PAST_SECONDS - 1) << 32) | 1;
        session.onMessage(tooNew, 1, new TlReader(Tl.serialize(new UpdatesTooLong())));
        session.onMessage(tooOld, 1, new TlReader(Tl.serialize(new UpdatesTooLong())));
        assertThat(updates).isEmpty();
        assertThat(session.inTimeWindow(tooNew)).isFalse();
        assertThat(session.inTimeWindow(tooOld)).isFalse();

        // just inside both edges: accepted (older first: the replay window only takes ids newer than its oldest)
        long oldButInside = ((NOW - MessageSession.MAX_PAST_SECONDS + 1) << 32) | 1;
        long newButInside = ((NOW + MessageSession.MAX_FUTURE_SECONDS - 1) << 32) | 1;
        session.onMessage(oldButInside, 1, new TlReader(Tl.serialize(new UpdatesTooLong())));
        session.onMessage(newButInside, 1, new TlReader(Tl.serialize(new UpdatesTooLong())));
        assertThat(updates).hasSize(2);
        // duplicates are still dropped
        session.onMessage(newButInside, 1, new TlReader(Tl.serialize(new UpdatesTooLong())));
        assertThat(updates).hasSize(2);

        // the window follows the clock: our clock an hour ahead moves it
        clock.set((NOW + 3600) * 1000);
        session.onMessage(((NOW + MessageSession.MAX_FUTURE_SECONDS) << 32) | 5, 1,
            new TlReader(Tl.serialize(new UpdatesTooLong())));
        assertThat(updates).hasSize(2);
        session.onMessage(((NOW + 3600) << 32) | 1, 1, new TlReader(Tl.serialize(new UpdatesTooLong())));
        assertThat(updates).hasSize(3);
    }

    /** A call whose answer the server sends with its clock at {@code serverSeconds}, outside the window: held. */
    private Answer heldAnswerFrom(long serverSeconds) {
        Answer answer = invokeNearestDc();
        List<Message> sent = messagesOf(session.nextPacket());
        session.onMessage((serverSeconds << 32) | 1, 1, new TlReader(Tl.serialize(
            new RpcResult(sent.get(0).msgId(), new NearestDc("NL", 2, 2)))));
        assertThat(answer.calls).isZero();
        assertThat(session.heldCount()).isEqualTo(1);
        return answer;
    }

    @Test
    void anAnswerOutsideTheTimeWindowIsHeldUntilTheResyncLetsItIn() {
        // the server's clock jumped 10 minutes ahead: its answer comes outside the window and is held, not lost
        long ahead = NOW + 600;
        Answer answer = heldAnswerFrom(ahead);

        // a ping goes out so that the server tells our clock off; its bad_msg_notification 16 resyncs the clock
        MessageSession.OutboundPacket probe = session.nextPacket();
        assertThat(messagesOf(probe)).singleElement().satisfies(m -> assertThat(m.body()).isInstanceOf(Ping.class));
        session.onMessage((ahead << 32) | 5, 2, new TlReader(Tl.serialize(
            new BaseBadMsgNotification(probe.msgId(), probe.seqNo(), 16))));

        // the held answer is now inside the window: it completes its request, once
        assertThat(answer.calls).isEqualTo(1);
        assertThat(answer.result).isEqualTo(new NearestDc("NL", 2, 2));
        assertThat(session.heldCount()).isZero();
        // the ping went out again on the server's time
        MessageSession.OutboundPacket again = session.nextPacket();
        assertThat(again.msgId() >>> 32).isBetween(ahead, ahead + 1);
        assertThat(messagesOf(again)).anySatisfy(m -> assertThat(m.body()).isInstanceOf(Ping.class));
    }

    @Test
    void aServerAheadWithinItsOwnWindowResyncsUsThroughThePongToTheProbe() {
        // the server's clock is 2 minutes ahead of our estimate (a stale offset): its answer lies beyond our 30 s,
        // while our msg_ids lie inside its 300 s, so no bad_msg_notification will come
        long ahead = NOW + 120;
        Answer answer = heldAnswerFrom(ahead);
        Message probe = messagesOf(session.nextPacket()).get(0);
        long pingId = ((Ping) probe.body()).pingId();

        // a pong from ahead that is not the probe's (another ping_id) proves nothing: held too
        session.onMessage((ahead << 32) | 5, 2, new TlReader(Tl.serialize(new Pong(probe.msgId(), pingId + 1))));
        assertThat(session.heldCount()).isEqualTo(2);
        assertThat(answer.calls).isZero();

        // the probe's pong from ahead moves our clock forward to the server's; the held answer now fits
        session.onMessage((ahead << 32) | 9, 3, new TlReader(Tl.serialize(new Pong(probe.msgId(), pingId))));
        assertThat(answer.calls).isEqualTo(1);
        assertThat(answer.result).isEqualTo(new NearestDc("NL", 2, 2));
        assertThat(session.heldCount()).isZero();
        invokeNearestDc();
        assertThat(session.nextPacket().msgId() >>> 32).isBetween(ahead, ahead + 1);
    }

    @Test
    void heldMessagesAreDroppedWhenTheClocksAgree() {
        // an old message (a replay, not a clock's jump): held, and a ping asks
        session.onMessage(((NOW - 1000) << 32) | 1, 1, new TlReader(Tl.serialize(new UpdatesTooLong())));
        assertThat(session.heldCount()).isEqualTo(1);
        Message ping = messagesOf(session.nextPacket()).get(0);

        // the pong comes inside the window: the clocks agree, the held message is dropped unseen
        receive(1, new Pong(ping.msgId(), ((Ping) ping.body()).pingId()));
        assertThat(session.heldCount()).isZero();
        assertThat(updates).isEmpty();
    }

    @Test
    void heldMessagesStillOutsideTheWindowAfterTheResyncAreDropped() {
        Answer answer = invokeNearestDc();
        MessageSession.OutboundPacket first = session.nextPacket();
        // one message far in the past (a replay), then the server's clock runs 10 minutes ahead
        session.onMessage(((NOW - 1000) << 32) | 1, 1, new TlReader(Tl.serialize(new UpdatesTooLong())));
        assertThat(session.heldCount()).isEqualTo(1);
        session.onMessage(((NOW + 600) << 32) | 1, 2, new TlReader(Tl.serialize(
            new BaseBadMsgNotification(first.msgId(), first.seqNo(), 16))));

        // after the resync it is still outside the window: dropped, never handled
        assertThat(session.heldCount()).isZero();
        assertThat(updates).isEmpty();
        assertThat(answer.calls).isZero();
    }

    @Test
    void atMostSoManyMessagesAreHeldAndOnePingAsks() {
        for (int i = 0; i <= MessageSession.MAX_HELD; i++) {
            session.onMessage(((NOW + 600) << 32) | (4L * i + 1), 1, new TlReader(Tl.serialize(new UpdatesTooLong())));
        }
        // the oldest went; one ping asks for a resync, not one per message
        assertThat(session.heldCount()).isEqualTo(MessageSession.MAX_HELD);
        assertThat(messagesOf(session.nextPacket())).singleElement()
            .satisfies(m -> assertThat(m.body()).isInstanceOf(Ping.class));
        assertThat(session.nextPacket()).isNull();
    }
}
