package io.mtflux.core.store.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.store.DcAuth;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.SessionFormatException;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.UpdateState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StringSessionTest {

    static AuthKey key(long seed) {
        byte[] bytes = new byte[AuthKey.LENGTH];
        new Random(seed).nextBytes(bytes);
        return AuthKey.of(bytes);
    }

    static SessionState full() {
        List<DcEndpoint> options = new ArrayList<>();
        for (int dc = 1; dc <= 5; dc++) {
            options.add(DcEndpoint.of(dc, "149.154.167." + dc, 443));
            options.add(new DcEndpoint(dc, "2001:67c:4e8:f00" + dc + "::a", 443, false, true));
            options.add(new DcEndpoint(dc, "media-" + dc + ".example", 65535, true, false));
        }
        SessionState s = SessionState.initial(4, options).withUser(Long.MAX_VALUE - 7, true)
            .withUpdateState(new UpdateState(Integer.MAX_VALUE, 0, 1_800_000_000, -1));
        for (int dc = 1; dc <= 5; dc++) {
            s = s.withDc(dc, new DcAuth(key(dc), Instant.ofEpochSecond(1_790_000_000L + dc, dc * 1000), -dc * 77L,
                dc % 2 == 0 ? -dc : dc, dc != 3));
        }
        return s;
    }

    @Test
    void aFullStateRoundTripsThroughAUrlSafeString() {
        SessionState state = full().withVersion(9);
        String text = StringSession.encode(state);
        assertThat(text).startsWith("mtf1.").matches("[A-Za-z0-9._-]+");
        assertThat(StringSession.decode(text)).isEqualTo(state.withVersion(0));
        assertThat(StringSession.decode("  " + text + "\n")).isEqualTo(state.withVersion(0));
        SessionState minimal = SessionState.initial(1, List.of());
        assertThat(StringSession.decode(StringSession.encode(minimal))).isEqualTo(minimal);
    }

    @Test
    void theStringCarriesNoKeyInTheClearAndMessagesNoSecrets() {
        SessionState state = full();
        String hex = HexFormat.of().formatHex(state.dcs().get(1).authKey().bytes()).substring(0, 24);
        String text = StringSession.encode(state);
        assertThat(text).doesNotContain(hex);
        assertThatThrownBy(() -> StringSession.decode(text.substring(0, text.length() - 40)))
            .isInstanceOf(SessionFormatException.class)
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(text.substring(10, 40)));
    }

    @Test
    void everyTruncationIsATypedErrorNamingWhatIsMissing() {
        String text = StringSession.encode(full());
        for (int cut = 5; cut < text.length(); cut++) {
            String truncated = text.substring(0, cut);
            assertThatThrownBy(() -> StringSession.decode(truncated))
                .as("cut at %d", cut).isInstanceOf(SessionFormatException.class)
                .hasMessageStartingWith("mtflux string session: ");
        }
        byte[] data = SessionCodec.encode(full());
        byte[] cut = java.util.Arrays.copyOf(data, 200);
        assertThatThrownBy(() -> SessionCodec.decode(cut)).isInstanceOf(SessionFormatException.class)
            .hasMessageContaining("truncated").hasMessageContaining("DC entry 1 of 5: auth key");
    }

    @Test
    void damagedStringsAreTypedErrors() {
        String text = StringSession.encode(full());
        assertThatThrownBy(() -> StringSession.decode("")).isInstanceOf(SessionFormatException.class)
            .hasMessageContaining("does not start with 'mtf1.'");
        assertThatThrownBy(() -> StringSession.decode(null)).isInstanceOf(SessionFormatException.class);
        assertThatThrownBy(() -> StringSession.decode("mtf2." + text.substring(5)))
            .hasMessageContaining("unsupported version 'mtf2'");
        assertThatThrownBy(() -> StringSession.decode("mtf1.")).hasMessageContaining("empty");
        assertThatThrownBy(() -> StringSession.decode(text.substring(0, 30) + "!" + text.substring(31)))
            .isInstanceOf(SessionFormatException.class).hasMessageContaining("character 25 is not base64url");
        // a flipped bit deep in a key: only the checksum can tell
        byte[] data = SessionCodec.encode(full());
        data[100] ^= 1;
        String flipped = "mtf1." + Base64.getUrlEncoder().withoutPadding().encodeToString(data);
        assertThatThrownBy(() -> StringSession.decode(flipped)).hasMessageContaining("checksum mismatch");
        byte[] format = SessionCodec.encode(full());
        format[0] = 7;
        assertThatThrownBy(() -> SessionCodec.decode(format)).hasMessageContaining("unknown format 7");
        byte[] longer = java.util.Arrays.copyOf(SessionCodec.encode(full()), SessionCodec.encode(full()).length + 2);
        assertThatThrownBy(() -> SessionCodec.decode(longer)).hasMessageContaining("2 unexpected bytes");
    }

    @Test
    void everySingleByteCorruptionIsDetected() {
        byte[] data = SessionCodec.encode(full());
        for (int i = 0; i < data.length; i++) {
            byte[] copy = data.clone();
            copy[i] ^= (byte) (1 << (i % 8));
            int at = i;
            assertThatThrownBy(() -> SessionCodec.decode(copy)).as("byte %d", at)
                .isInstanceOf(SessionFormatException.class);
        }
    }
}
