package io.mtflux.core.store.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.fuzz.Crc;
import io.mtflux.core.store.DcAuth;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.PendingLogin;
import io.mtflux.core.store.SessionFormatException;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.UpdateState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz target for {@code mtf1.} session strings ({@link StringSession#decode}, and through it
 * {@link SessionCodec#decode}). The first input byte is a mode: bit 0 sends the rest as text as it is, otherwise
 * it is the binary form, which the harness encodes as the string does; bit 1 makes the harness write a valid
 * CRC-32 over the binary form first, so the fuzzer gets past the checksum. A string that is not a session must be
 * a {@link SessionFormatException}; one that is must survive encoding and decoding again unchanged.
 */
class StringSessionFuzzTest {

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "10m")
    void decode(byte[] data) {
        if (data.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(data, 1, data.length);
        String text;
        if ((data[0] & 1) != 0) {
            text = new String(rest, StandardCharsets.ISO_8859_1);
        } else {
            if ((data[0] & 2) != 0) {
                Crc.fixTrailingCrc32(rest);
            }
            text = StringSession.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(rest);
        }
        SessionState state;
        try {
            state = StringSession.decode(text);
        } catch (SessionFormatException expected) {
            return;
        }
        assertThat(StringSession.decode(StringSession.encode(state))).isEqualTo(state);
    }

    static Stream<byte[]> seeds() {
        byte[] key = new byte[AuthKey.LENGTH];
        Arrays.fill(key, (byte) 7);
        DcAuth auth = new DcAuth(AuthKey.of(key), Instant.ofEpochSecond(1_700_000_000, 5), 42, -3, true);
        SessionState small = SessionState.initial(2, List.of(DcEndpoint.of(2, "149.154.167.50", 443)))
            .withDc(2, auth);
        SessionState full = small.withUser(123456789L, false)
            .withDc(4, auth)
            .withDcOptions(List.of(DcEndpoint.of(2, "149.154.167.50", 443),
                new DcEndpoint(2, "2001:67c:4e8:f002::a", 443, false, true),
                new DcEndpoint(4, "149.154.167.92", 443, true, false)))
            .withUpdateState(new UpdateState(10, 2, 1_700_000_000, 5))
            .withApiCredentials(12345, "0123456789abcdef0123456789abcdef");
        SessionState pending = small.withPendingLogin(new PendingLogin(PendingLogin.Step.CODE, "+15550001234",
            "0123abcd", "sms", 5, "call", 60, 2, Instant.ofEpochSecond(1_700_000_000), null, null, 1, null));
        return Stream.of(small, full, full.withUser(987654321L, true), pending)
            .map(SessionCodec::encode)
            .flatMap(b -> Stream.of(withMode(0, b), withMode(2, b),
                withMode(1, StringSession.encode(SessionCodec.decode(b)).getBytes(StandardCharsets.US_ASCII))));
    }

    private static byte[] withMode(int mode, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = (byte) mode;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }
}
