package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The transition table of {@link DcState}; {@code transition} throws for any move not in it. */
class DcStateTest {

    @Test
    void aConnectionGoesFromIdleThroughTheKeyAndTheBindingToReady() {
        assertThat(DcState.IDLE.canMoveTo(DcState.CONNECTING)).isTrue();
        assertThat(DcState.CONNECTING.canMoveTo(DcState.EXCHANGING_KEY)).isTrue();
        assertThat(DcState.CONNECTING.canMoveTo(DcState.READY)).as("a stored key").isTrue();
        assertThat(DcState.EXCHANGING_KEY.canMoveTo(DcState.BINDING)).isTrue();
        assertThat(DcState.EXCHANGING_KEY.canMoveTo(DcState.READY)).isTrue();
        assertThat(DcState.BINDING.canMoveTo(DcState.READY)).isTrue();
    }

    @Test
    void everyLiveStateCanDropToWaitingAndEveryStateCanClose() {
        for (DcState s : EnumSet.of(DcState.CONNECTING, DcState.EXCHANGING_KEY, DcState.BINDING, DcState.READY)) {
            assertThat(s.canMoveTo(DcState.WAITING_TO_RECONNECT)).as(s.name()).isTrue();
        }
        for (DcState s : EnumSet.complementOf(EnumSet.of(DcState.CLOSED))) {
            assertThat(s.canMoveTo(DcState.CLOSED)).as(s.name()).isTrue();
        }
        assertThat(DcState.WAITING_TO_RECONNECT.canMoveTo(DcState.CONNECTING)).isTrue();
    }

    @Test
    void shortcutsAndMovesOutOfClosedAreIllegal() {
        assertThat(DcState.IDLE.canMoveTo(DcState.READY)).isFalse();
        assertThat(DcState.CONNECTING.canMoveTo(DcState.BINDING)).as("binding needs a new temporary key").isFalse();
        assertThat(DcState.READY.canMoveTo(DcState.EXCHANGING_KEY)).as("a new key needs a new connection").isFalse();
        assertThat(DcState.READY.canMoveTo(DcState.READY)).isFalse();
        assertThat(DcState.WAITING_TO_RECONNECT.canMoveTo(DcState.READY)).isFalse();
        assertThat(DcState.IDLE.canMoveTo(DcState.WAITING_TO_RECONNECT)).isFalse();
        for (DcState s : DcState.values()) {
            assertThat(DcState.CLOSED.canMoveTo(s)).as(s.name()).isFalse();
        }
    }

    @Test
    void anIllegalMoveIsAnIllegalStateExceptionNamingItAndALegalOneReturnsTheNextState() {
        assertThat(DcState.BINDING.moveTo(DcState.READY, 2)).isEqualTo(DcState.READY);
        assertThatThrownBy(() -> DcState.READY.moveTo(DcState.BINDING, 2)).isInstanceOf(IllegalStateException.class)
            .hasMessage("DC 2 connection: illegal transition READY -> BINDING");
        assertThatThrownBy(() -> DcState.CLOSED.moveTo(DcState.CONNECTING, 4)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("CLOSED -> CONNECTING");
    }
}
