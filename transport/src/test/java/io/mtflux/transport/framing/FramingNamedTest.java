package io.mtflux.transport.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FramingNamedTest {

    @Test
    void namesTheFourFramings() {
        assertThat(Framing.named("abridged")).isSameAs(Framing.ABRIDGED);
        assertThat(Framing.named("intermediate")).isSameAs(Framing.INTERMEDIATE);
        assertThat(Framing.named("padded")).isSameAs(Framing.PADDED_INTERMEDIATE);
        assertThat(Framing.named("full")).isSameAs(Framing.FULL);
        assertThat(Framing.named("PADDED")).isSameAs(Framing.PADDED_INTERMEDIATE);
    }

    @Test
    void shortNamesRoundTrip() {
        for (Framing f : Framing.values()) {
            assertThat(Framing.named(f.shortName())).isSameAs(f);
        }
        assertThat(Framing.PADDED_INTERMEDIATE.shortName()).isEqualTo("padded");
    }

    @Test
    void unknownNamesListWhatIsExpected() {
        assertThatThrownBy(() -> Framing.named("ws"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("expected abridged, intermediate, padded or full, got 'ws'");
        assertThatThrownBy(() -> Framing.named("padded_intermediate"))
            .hasMessage("expected abridged, intermediate, padded or full, got 'padded_intermediate'");
        assertThatThrownBy(() -> Framing.named(""))
            .hasMessage("expected abridged, intermediate, padded or full, got ''");
        assertThatThrownBy(() -> Framing.named("x".repeat(50)))
            .hasMessage("expected abridged, intermediate, padded or full, got '" + "x".repeat(37) + "...'");
    }
}
