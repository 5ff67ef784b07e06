package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.store.UpdateState;
import io.mtflux.core.tl.api.BaseUpdates;
import io.mtflux.core.tl.api.UpdateBotStopped;
import io.mtflux.core.tl.api.UpdateDeleteMessages;
import io.mtflux.core.tl.api.UpdateShortSentMessage;
import io.mtflux.core.tl.api.UpdatesTooLong;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateStateTrackerTest {

    @Test
    void ptsQtsSeqAndDateOnlyMoveForward() {
        UpdateState s = UpdateStateTracker.apply(null, UpdateShortSentMessage.builder().id(1).pts(10).ptsCount(1)
            .date(1000).build());
        assertThat(s).isEqualTo(new UpdateState(10, 0, 1000, 0));
        s = UpdateStateTracker.apply(s, new BaseUpdates(List.of(new UpdateDeleteMessages(List.of(1), 12, 2),
            new UpdateBotStopped(5L, 1001, false, 7)), List.of(), List.of(), 1002, 3));
        assertThat(s).isEqualTo(new UpdateState(12, 7, 1002, 3));
        // an older update does not move the position back; updatesTooLong changes nothing
        s = UpdateStateTracker.apply(s, UpdateShortSentMessage.builder().id(2).pts(11).ptsCount(1).date(900).build());
        assertThat(UpdateStateTracker.apply(s, new UpdatesTooLong())).isEqualTo(new UpdateState(12, 7, 1002, 3));
    }
}
