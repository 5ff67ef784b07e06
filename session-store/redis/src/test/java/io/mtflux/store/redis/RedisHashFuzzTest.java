package io.mtflux.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.store.CorruptSessionException;
import io.mtflux.core.store.DcAuth;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.PendingLogin;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.UpdateState;
import io.mtflux.core.store.codec.AuthKeyCipher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz target for the mapping of an account's Redis hash, as HGETALL returns it, to a {@link SessionState}
 * ({@link RedisSessionStore#decode}), without a server. The input is the hash as text: after a mode byte (bit 0:
 * the store has an {@link AuthKeyCipher}), one {@code field=value} per line. A hash that is not a session must be
 * a {@link CorruptSessionException}; one that is must be written ({@link RedisSessionStore#encode}) and read back
 * unchanged.
 */
class RedisHashFuzzTest {

    private static final AuthKeyCipher CIPHER = AuthKeyCipher.of(new byte[AuthKeyCipher.KEY_LENGTH]);

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "10m")
    void hash(byte[] data) {
        if (data.length == 0) {
            return;
        }
        AuthKeyCipher cipher = (data[0] & 1) != 0 ? CIPHER : null;
        Map<String, String> hash = new LinkedHashMap<>();
        String text = new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
        for (String line : text.split("\n", -1)) {
            int eq = line.indexOf('=');
            if (eq >= 0) {
                hash.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        SessionState state;
        try {
            state = RedisSessionStore.decode("fuzz", hash, cipher);
        } catch (CorruptSessionException expected) {
            return;
        }
        assertThat(RedisSessionStore.decode("fuzz", toMap(RedisSessionStore.encode("fuzz", state, cipher)), cipher))
            .isEqualTo(state);
    }

    private static Map<String, String> toMap(List<String> fields) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            m.put(fields.get(i), fields.get(i + 1));
        }
        return m;
    }

    /** Hashes the store writes, with and without the cipher, small and with every optional field. */
    static Stream<byte[]> seeds() {
        byte[] key = new byte[AuthKey.LENGTH];
        Arrays.fill(key, (byte) 4);
        SessionState small = SessionState.initial(2, List.of(DcEndpoint.of(2, "149.154.167.50", 443)))
            .withDc(2, new DcAuth(AuthKey.of(key), Instant.ofEpochSecond(1_700_000_000, 7), 42, -2, true))
            .withVersion(1);
        SessionState full = small.withUser(77L, true).withVersion(9)
            .withDcOptions(List.of(DcEndpoint.of(2, "149.154.167.50", 443),
                new DcEndpoint(4, "2001:67c:4e8:f004::b", 443, true, true)))
            .withUpdateState(new UpdateState(5, 6, 1_700_000_000, 7))
            .withApiCredentials(1234, "0123456789abcdef")
            .withPendingLogin(new PendingLogin(PendingLogin.Step.PASSWORD, "+15550001234", "cafe", "app", 5, null,
                null, 2, Instant.ofEpochSecond(1_700_000_000), "hint", null, 0, null));
        return Stream.of(small, full).flatMap(s -> Stream.of(text(s, null), text(s, CIPHER)));
    }

    private static byte[] text(SessionState state, AuthKeyCipher cipher) {
        StringBuilder b = new StringBuilder();
        b.append(cipher == null ? '\0' : '\1');
        List<String> fields = RedisSessionStore.encode("fuzz", state, cipher);
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            b.append(fields.get(i)).append('=').append(fields.get(i + 1)).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
