package io.mtflux.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.mtproto.FutureSalt;
import io.mtflux.core.tl.mtproto.Message;
import io.mtflux.core.tl.mtproto.MsgContainer;
import io.mtflux.core.tl.mtproto.MsgsAck;
import io.mtflux.core.tl.mtproto.Ping;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionBookkeepingTest {

    @Test
    void seqNoIsOddAndCountingForContentRelatedMessages() {
        SeqNoCounter seq = new SeqNoCounter();
        assertThat(seq.next(true)).isEqualTo(1);
        assertThat(seq.next(false)).isEqualTo(2);
        assertThat(seq.next(true)).isEqualTo(3);
        assertThat(seq.next(true)).isEqualTo(5);
        assertThat(seq.next(false)).isEqualTo(6);
        seq.reset();
        assertThat(seq.next(false)).isZero();
    }

    @Test
    void replayedOrTooOldMessageIdsAreRejected() {
        ReceivedMessageIds seen = new ReceivedMessageIds(3);
        assertThat(seen.add(11)).isTrue();
        assertThat(seen.add(15)).isTrue();
        assertThat(seen.add(11)).isFalse();
        assertThat(seen.add(13)).isTrue();
        assertThat(seen.add(19)).isTrue(); // 11 falls out
        assertThat(seen.add(11)).isFalse(); // older than everything kept
        assertThat(seen.add(17)).isTrue();
        assertThat(seen.add(17)).isFalse();
        assertThat(seen.size()).isEqualTo(3);
    }

    @Test
    void futureSaltsTakeOverWhenValid() {
        ServerSalts salts = new ServerSalts(1);
        assertThat(salts.needsRefresh(1000)).isTrue();
        salts.addFuture(List.of(new FutureSalt(1000, 2800, 2), new FutureSalt(2800, 4600, 3)));
        assertThat(salts.current(999)).isEqualTo(1);
        assertThat(salts.current(1000)).isEqualTo(2);
        assertThat(salts.needsRefresh(1000)).isFalse();
        assertThat(salts.current(3000)).isEqualTo(3);
        assertThat(salts.needsRefresh(4100)).isTrue();
        salts.replace(9);
        assertThat(salts.current(3000)).isEqualTo(9);
        assertThat(salts.needsRefresh(3000)).isTrue();
    }

    @Test
    void atMostEightFutureSaltsAreKeptTheEarliestFirst() {
        ServerSalts salts = new ServerSalts(1);
        List<FutureSalt> many = new java.util.ArrayList<>();
        for (int i = 11; i >= 0; i--) {
            many.add(new FutureSalt(1000 + 1800 * i, 1000 + 1800 * (i + 1), 100 + i));
        }
        salts.addFuture(many);
        assertThat(salts.futureCount()).isEqualTo(ServerSalts.MAX_FUTURE);
        assertThat(salts.current(1000)).isEqualTo(100);
        assertThat(salts.current(1000 + 1800 * 7)).isEqualTo(107);
        assertThat(salts.futureCount()).isEqualTo(1);
        // the ninth and later were never kept: validity runs out after the eighth
        assertThat(salts.needsRefresh(1000 + 1800 * 8 - 599)).isTrue();
        assertThat(salts.current(1000 + 1800 * 8)).isEqualTo(107);
        assertThat(salts.futureCount()).isZero();
        salts.addFuture(List.of(new FutureSalt(5, 10, 7), new FutureSalt(1, 4, 6)));
        assertThat(salts.current(2)).isEqualTo(6);
        assertThat(salts.current(6)).isEqualTo(7);
    }

    private static OutgoingMessage message(long id, int seq, TlObject body) {
        return new OutgoingMessage(id, seq, Tl.serialize(body));
    }

    @Test
    void aLoneMessageIsSentAsIt() {
        Deque<OutgoingMessage> queue = new ArrayDeque<>(List.of(message(4, 1, new Ping(1))));
        ContainerPacker.Packet packet = ContainerPacker.pack(queue, new MessageIdGenerator(), new SeqNoCounter());
        assertThat(packet.isContainer()).isFalse();
        assertThat(packet.msgId()).isEqualTo(4);
        assertThat(Tl.deserialize(packet.body())).isEqualTo(new Ping(1));
        assertThat(queue).isEmpty();
    }

    @Test
    void severalMessagesGoInOneContainerWithANewerIdAndEvenSeqNo() {
        MessageIdGenerator ids = new MessageIdGenerator();
        SeqNoCounter seq = new SeqNoCounter();
        long a = ids.next();
        long b = ids.next();
        Deque<OutgoingMessage> queue = new ArrayDeque<>(List.of(message(a, seq.next(true), new Ping(1)),
            message(b, seq.next(false), new MsgsAck(List.of(7L)))));
        ContainerPacker.Packet packet = ContainerPacker.pack(queue, ids, seq);
        assertThat(packet.isContainer()).isTrue();
        assertThat(packet.msgId()).isGreaterThan(b);
        assertThat(packet.seqNo()).isEqualTo(2);
        assertThat(packet.innerMsgIds()).containsExactly(a, b);
        MsgContainer container = (MsgContainer) Tl.deserialize(packet.body());
        assertThat(container.messages()).containsExactly(new Message(a, 1, 12, new Ping(1)),
            new Message(b, 2, 20, new MsgsAck(List.of(7L))));
    }

    @Test
    void containersRespectTheMessageAndByteLimits() {
        MessageIdGenerator ids = new MessageIdGenerator();
        SeqNoCounter seq = new SeqNoCounter();
        Deque<OutgoingMessage> queue = new ArrayDeque<>();
        for (int i = 0; i < 2500; i++) {
            queue.add(message(ids.next(), seq.next(true), new Ping(i)));
        }
        assertThat(ContainerPacker.pack(queue, ids, seq).innerMsgIds()).hasSize(ContainerPacker.MAX_MESSAGES);
        assertThat(ContainerPacker.pack(queue, ids, seq).innerMsgIds()).hasSize(ContainerPacker.MAX_MESSAGES);
        assertThat(ContainerPacker.pack(queue, ids, seq).innerMsgIds()).hasSize(2500 - 2 * 1020);
        assertThat(queue).isEmpty();

        byte[] big = new byte[600 * 1024];
        queue.add(new OutgoingMessage(ids.next(), seq.next(true), big));
        queue.add(new OutgoingMessage(ids.next(), seq.next(true), big));
        ContainerPacker.Packet first = ContainerPacker.pack(queue, ids, seq);
        assertThat(first.isContainer()).isFalse();
        assertThat(first.body()).hasSize(big.length);
        assertThat(queue).hasSize(1);
    }
}
