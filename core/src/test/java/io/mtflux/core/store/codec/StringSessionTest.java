package io.mtflux.core.store.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.store.DcAuth;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.PendingLogin;
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
    static final String API_HASH = "0123456789abcdef0123456789abcdef";
    /**
     * Written by the codec before the API credentials were kept (format 1; generated once from that version's
     * SessionCodec): home DC 2, user 777000123, update state (41, 2, 1700000000, 5), DC 2 authorized with the key
     * whose byte i is i * 7 + 3, created at 1700000000, salt 0x1122334455667788, offset -3, one DC option.
     */
    static final String FORMAT_1_STRING = ""
        + "mtf1.AQUAAAACAAAAAC5QFLsAAAApAAAAAmVT8QAAAAAFAQAAAAIBAAAAAGVT8QAAAAAAESIzRFVmd4j__________QMKERgfJi0"
        + "0O0JJUFdeZWxzeoGIj5adpKuyucDHztXc4-rx-P8GDRQbIikwNz5FTFNaYWhvdn2Ei5KZoKeutbzDytHY3-bt9PsCCRAXHiUsMzp"
        + "BSE9WXWRrcnmAh46VnKOqsbi_xs3U2-Lp8Pf-BQwTGiEoLzY9REtSWWBnbnV8g4qRmJ-mrbS7wsnQ197l7PP6AQgPFh0kKzI5QEd"
        + "OVVxjanF4f4aNlJuiqbC3vsXM09rh6O_2_QQLEhkgJy41PENKUVhfZm10e4KJkJeepayzusHIz9bd5Ovy-QAHDhUcIyoxOD9GTVR"
        + "bYmlwd36FjJOaoaivtr3Ey9LZ4Ofu9fwAAQAAAAIAAbsOMTQ5LjE1NC4xNjcuNTDvNsp2";

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
            .withUpdateState(new UpdateState(Integer.MAX_VALUE, 0, 1_800_000_000, -1))
            .withApiCredentials(Integer.MAX_VALUE, API_HASH);
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
    void aStringOfTheFormatBeforeCredentialsStillDecodes() {
        SessionState old = StringSession.decode(FORMAT_1_STRING);
        byte[] key = new byte[AuthKey.LENGTH];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        assertThat(old).isEqualTo(SessionState.initial(2, List.of(DcEndpoint.of(2, "149.154.167.50", 443)))
            .withUser(777000123L, false).withUpdateState(new UpdateState(41, 2, 1_700_000_000, 5))
            .withDc(2, new DcAuth(AuthKey.of(key), Instant.ofEpochSecond(1_700_000_000L), 0x1122334455667788L, -3,
                true)));
        assertThat(old.apiId()).isNull();
        assertThat(old.apiHash()).isNull();
        assertThat(old.hasApiCredentials()).isFalse();
        // a state without credentials is still written in the old format, byte for byte
        assertThat(StringSession.encode(old)).isEqualTo(FORMAT_1_STRING);
    }

    @Test
    void apiCredentialsRoundTripTogetherOrAlone() {
        SessionState base = full().withApiCredentials(null, null);
        assertThat(SessionCodec.encode(base)[0]).isEqualTo((byte) SessionCodec.FORMAT_WITHOUT_CREDENTIALS);
        for (SessionState s : List.of(base.withApiCredentials(94575, API_HASH), base.withApiCredentials(1, null),
            base.withApiCredentials(null, "x"), base.withApiCredentials(7, "!".repeat(255)))) {
            byte[] data = SessionCodec.encode(s);
            assertThat(data[0]).isEqualTo((byte) SessionCodec.FORMAT_WITHOUT_PENDING_LOGIN);
            assertThat(SessionCodec.decode(data)).isEqualTo(s);
            assertThat(StringSession.decode(StringSession.encode(s))).isEqualTo(s);
        }
    }

    private static final String CODE_HASH = "9f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private static PendingLogin pendingCode() {
        return PendingLogin.codeSent("+1 555 0100", CODE_HASH, "sms", 5, "call", 60, 2,
            Instant.ofEpochSecond(1_800_000_000L, 123_000_000));
    }

    @Test
    void aPendingLoginRoundTripsInEveryStepAndIsFormat3() {
        SessionState base = full();
        PendingLogin code = pendingCode();
        List<PendingLogin> logins = List.of(code, code.withFailedAttempts(3),
            code.withPasswordStep("my hint \u00e9", Instant.ofEpochSecond(1_800_000_100L)),
            code.withSignUpStep("Terms \u2713\nline two", "{\"id\":\"tos-1\"}", Instant.EPOCH),
            new PendingLogin(PendingLogin.Step.PASSWORD, null, null, null, null, null, null, 4, null, null, null, 0),
            new PendingLogin(PendingLogin.Step.CODE, "+1", "h", null, null, null, null, 1, null, null, null, 0));
        for (PendingLogin login : logins) {
            for (SessionState s : List.of(base.withPendingLogin(login),
                base.withApiCredentials(null, null).withPendingLogin(login))) {
                byte[] data = SessionCodec.encode(s);
                assertThat(data[0]).isEqualTo((byte) SessionCodec.FORMAT);
                assertThat(SessionCodec.decode(data)).isEqualTo(s);
                assertThat(StringSession.decode(StringSession.encode(s))).isEqualTo(s);
            }
            assertThat(PendingLoginCodec.decode(PendingLoginCodec.encode(login))).isEqualTo(login);
        }
        // cleared again: back to format 2
        SessionState cleared = base.withPendingLogin(code).withPendingLogin(null);
        assertThat(SessionCodec.encode(cleared)[0]).isEqualTo((byte) SessionCodec.FORMAT_WITHOUT_PENDING_LOGIN);
        assertThat(SessionCodec.decode(SessionCodec.encode(cleared)).pendingLogin()).isNull();
    }

    @Test
    void theFormat3FlagIsUnknownInAFormat2BodyAndTruncationsAreTyped() {
        byte[] two = SessionCodec.encode(full());
        two[1] |= 32;
        assertThatThrownBy(() -> SessionCodec.decode(two)).isInstanceOf(SessionFormatException.class)
            .hasMessageContaining("unknown flags");
        byte[] blob = PendingLoginCodec.encode(pendingCode());
        for (int cut = 0; cut < blob.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(blob, cut);
            assertThatThrownBy(() -> PendingLoginCodec.decode(truncated)).isInstanceOf(SessionFormatException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CODE_HASH));
        }
    }

    @Test
    void thePhoneCodeHashIsNeverPrinted() {
        SessionState state = full().withPendingLogin(pendingCode().withPasswordStep("hint", Instant.EPOCH));
        assertThat(pendingCode().toString()).doesNotContain(CODE_HASH).contains("phoneCodeHash=<redacted>");
        assertThat(state.toString()).doesNotContain(CODE_HASH).contains("step=PASSWORD");
        assertThat(state.loggedOut().pendingLogin()).isNull();
        assertThatThrownBy(() -> new PendingLogin(PendingLogin.Step.CODE, "+1", null, null, null, null, null, 1, null,
            null, null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theApiHashIsNeverPrintedAndABadOneIsRejectedWithoutNamingIt() {
        SessionState state = full();
        assertThat(state.toString()).doesNotContain(API_HASH).contains("apiHash=<redacted>")
            .contains("apiId=" + Integer.MAX_VALUE);
        assertThat(state.withApiCredentials(null, null).toString()).contains("apiHash=none");
        String spaced = "secret hash with spaces";
        assertThatThrownBy(() -> state.withApiCredentials(1, spaced)).isInstanceOf(IllegalArgumentException.class)
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        assertThatThrownBy(() -> state.withApiCredentials(1, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state.withApiCredentials(1, "a".repeat(256)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state.withApiCredentials(0, API_HASH)).isInstanceOf(IllegalArgumentException.class);
        // the credentials' flags are format 2's: in a format 1 body they are unknown
        byte[] old = SessionCodec.encode(state.withApiCredentials(null, null));
        old[1] |= 8;
        assertThatThrownBy(() -> SessionCodec.decode(old)).isInstanceOf(SessionFormatException.class)
            .hasMessageContaining("unknown flags");
    }

    @Test
    void theStringCarriesEachKeysRawBytesAndMessagesNoSecrets() {
        SessionState state = full();
        String text = StringSession.encode(state);
        // the string is secret because it carries every key: each DC's 256 raw bytes are in its payload
        byte[] payload = Base64.getUrlDecoder().decode(text.substring(StringSession.PREFIX.length()));
        for (DcAuth dc : state.dcs().values()) {
            byte[] key = dc.authKey().bytes();
            assertThat(indexOf(payload, key)).as("the raw bytes of a DC's key in the payload").isNotNegative();
            // nowhere in a spelling a reader of a log would recognise
            assertThat(text.toLowerCase()).doesNotContain(HexFormat.of().formatHex(key, 0, 12));
        }
        byte[] first = state.dcs().get(1).authKey().bytes();
        for (String damaged : List.of(text.substring(0, 60), text.substring(0, text.length() - 40),
            text.substring(0, 200) + "!" + text.substring(201))) {
            assertThatThrownBy(() -> StringSession.decode(damaged)).isInstanceOf(SessionFormatException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(API_HASH)
                    .doesNotContain(text.substring(10, 40))
                    .doesNotContain(HexFormat.of().formatHex(first, 0, 12))
                    .doesNotContain(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(first, 12))));
        }
    }

    /** Where {@code needle} starts in {@code haystack}, or -1. */
    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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
