package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.UpdateSequencer.Verdict;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.store.UpdateState;
import io.mtflux.core.tl.api.BaseUpdates;
import io.mtflux.core.tl.api.Update;
import io.mtflux.core.tl.api.UpdateDeleteMessages;
import io.mtflux.core.tl.api.UpdateMessageID;
import io.mtflux.core.tl.api.UpdateShort;
import io.mtflux.core.tl.api.UpdateShortSentMessage;
import io.mtflux.core.tl.api.Updates;
import io.mtflux.core.tl.api.UpdatesCombined;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The gap check of {@link UpdateSequencer} (recovery against a server is tested in the testkit module). */
class UpdateSequencerTest {
    private static final UpdateState AT_10 = new UpdateState(10, 5, 1000, 20);

    private static Update delete(int pts, int count) {
        return new UpdateDeleteMessages(List.of(1), pts, count);
    }

    private static Updates boxed(int seq, Update... updates) {
        return new BaseUpdates(List.of(updates), List.of(), List.of(), 1000, seq);
    }

    @Test
    void ptsNextInLineIsAppliedBehindIsADuplicateAheadIsAGap() {
        assertThat(UpdateSequencer.check(AT_10, new UpdateShort(delete(11, 1), 1000))).isEqualTo(Verdict.APPLY);
        assertThat(UpdateSequencer.check(AT_10, new UpdateShort(delete(13, 3), 1000))).isEqualTo(Verdict.APPLY);
        assertThat(UpdateSequencer.check(AT_10, new UpdateShort(delete(10, 1), 1000)))
            .isEqualTo(Verdict.DUPLICATE);
        assertThat(UpdateSequencer.check(AT_10, new UpdateShort(delete(12, 1), 1000))).isEqualTo(Verdict.GAP);
        assertThat(UpdateSequencer.check(AT_10,
            new UpdateShortSentMessage(true, 1, 12, 1, 1000, null, null, null))).isEqualTo(Verdict.GAP);
    }

    @Test
    void updatesInOneContainerFollowEachOther() {
        assertThat(UpdateSequencer.check(AT_10, boxed(0, delete(11, 1), delete(12, 1)))).isEqualTo(Verdict.APPLY);
        assertThat(UpdateSequencer.check(AT_10, boxed(0, delete(11, 1), delete(13, 1)))).isEqualTo(Verdict.GAP);
        assertThat(UpdateSequencer.check(AT_10, boxed(0, delete(9, 1), delete(10, 1))))
            .isEqualTo(Verdict.DUPLICATE);
    }

    @Test
    void positionLessUpdatesGoWithTheirContainersVerdict() {
        // the answer to a send the client already saw pushed: updateMessageID beside an old updateNewMessage
        assertThat(UpdateSequencer.check(AT_10, boxed(0, new UpdateMessageID(7, 99L), delete(10, 1))))
            .isEqualTo(Verdict.DUPLICATE);
        assertThat(UpdateSequencer.check(AT_10, boxed(0, new UpdateMessageID(7, 99L), delete(11, 1))))
            .isEqualTo(Verdict.APPLY);
        assertThat(UpdateSequencer.check(AT_10, boxed(0, new UpdateMessageID(7, 99L)))).isEqualTo(Verdict.APPLY);
    }

    @Test
    void seqIsCheckedWhenBothSidesKnowIt() {
        assertThat(UpdateSequencer.check(AT_10, boxed(21))).isEqualTo(Verdict.APPLY);
        assertThat(UpdateSequencer.check(AT_10, boxed(20))).isEqualTo(Verdict.DUPLICATE);
        assertThat(UpdateSequencer.check(AT_10, boxed(23))).isEqualTo(Verdict.GAP);
        assertThat(UpdateSequencer.check(AT_10,
            new UpdatesCombined(List.of(), List.of(), List.of(), 1000, 21, 23))).isEqualTo(Verdict.APPLY);
        assertThat(UpdateSequencer.check(AT_10, boxed(0))).isEqualTo(Verdict.APPLY);
    }

    @Test
    void anUnknownPositionAdoptsWhateverComes() {
        UpdateState unknown = new UpdateState(0, 0, 0, 0);
        assertThat(UpdateSequencer.check(unknown, new UpdateShort(delete(500, 1), 1000))).isEqualTo(Verdict.APPLY);
        assertThat(UpdateSequencer.check(unknown, boxed(77))).isEqualTo(Verdict.APPLY);
    }

    @Test
    void ptsZeroOfAKnownPositionIsAPositionNotUnknown() {
        UpdateState fresh = new UpdateState(0, 0, 1000, 0);
        assertThat(UpdateSequencer.check(fresh, new UpdateShortSentMessage(true, 3, 3, 1, 1000, null, null, null)))
            .isEqualTo(Verdict.GAP);
        assertThat(UpdateSequencer.check(fresh, new UpdateShortSentMessage(true, 1, 1, 1, 1000, null, null, null)))
            .isEqualTo(Verdict.APPLY);
        assertThat(UpdateSequencer.check(fresh, boxed(0, delete(2, 1)))).isEqualTo(Verdict.GAP);
    }

    @Test
    void whenGetDifferenceFailsTheHeldUpdatesAreEmittedAsTheyAre() {
        AtomicReference<UpdateState> state = new AtomicReference<>(AT_10);
        List<Updates> emitted = new ArrayList<>();
        UpdateSequencer sequencer = new UpdateSequencer(state,
            q -> Mono.error(RpcException.of(400, "METHOD_INVALID")), emitted::add);
        Updates ahead = new UpdateShort(delete(15, 1), 1000);
        sequencer.offer(ahead);
        assertThat(emitted).containsExactly(ahead);
        assertThat(state.get().pts()).isEqualTo(15);
    }
}
