package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.client.DcConnection.State;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The transition table of {@link DcConnection.State}; {@code transition} throws for any move not in it. */
class DcConnectionStateTest {

    @Test
    void aConnectionGoesFromIdleThroughTheKeyAndTheBindingToReady() {
        assertThat(State.IDLE.canMoveTo(State.CONNECTING)).isTrue();
        assertThat(State.CONNECTING.canMoveTo(State.EXCHANGING_KEY)).isTrue();
        assertThat(State.CONNECTING.canMoveTo(State.READY)).as("a stored key").isTrue();
        assertThat(State.EXCHANGING_KEY.canMoveTo(State.BINDING)).isTrue();
        assertThat(State.EXCHANGING_KEY.canMoveTo(State.READY)).isTrue();
        assertThat(State.BINDING.canMoveTo(State.READY)).isTrue();
    }

    @Test
    void everyLiveStateCanDropToWaitingAndEveryStateCanClose() {
        for (State s : EnumSet.of(State.CONNECTING, State.EXCHANGING_KEY, State.BINDING, State.READY)) {
            assertThat(s.canMoveTo(State.WAITING_TO_RECONNECT)).as(s.name()).isTrue();
        }
        for (State s : EnumSet.complementOf(EnumSet.of(State.CLOSED))) {
            assertThat(s.canMoveTo(State.CLOSED)).as(s.name()).isTrue();
        }
        assertThat(State.WAITING_TO_RECONNECT.canMoveTo(State.CONNECTING)).isTrue();
    }

    @Test
    void shortcutsAndMovesOutOfClosedAreIllegal() {
        assertThat(State.IDLE.canMoveTo(State.READY)).isFalse();
        assertThat(State.CONNECTING.canMoveTo(State.BINDING)).as("binding needs a new temporary key").isFalse();
        assertThat(State.READY.canMoveTo(State.EXCHANGING_KEY)).as("a new key needs a new connection").isFalse();
        assertThat(State.READY.canMoveTo(State.READY)).isFalse();
        assertThat(State.WAITING_TO_RECONNECT.canMoveTo(State.READY)).isFalse();
        assertThat(State.IDLE.canMoveTo(State.WAITING_TO_RECONNECT)).isFalse();
        for (State s : State.values()) {
            assertThat(State.CLOSED.canMoveTo(s)).as(s.name()).isFalse();
        }
    }

    @Test
    void anIllegalMoveIsAnIllegalStateExceptionNamingItAndALegalOneReturnsTheNextState() {
        assertThat(State.BINDING.moveTo(State.READY, 2)).isEqualTo(State.READY);
        assertThatThrownBy(() -> State.READY.moveTo(State.BINDING, 2)).isInstanceOf(IllegalStateException.class)
            .hasMessage("DC 2 connection: illegal transition READY -> BINDING");
        assertThatThrownBy(() -> State.CLOSED.moveTo(State.CONNECTING, 4)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("CLOSED -> CONNECTING");
    }
}
