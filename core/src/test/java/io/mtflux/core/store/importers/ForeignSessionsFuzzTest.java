package io.mtflux.core.store.importers;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.store.DcAuth;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.SessionFormatException;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.codec.StringSession;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz target for the Telethon, GramJS, Pyrogram and mtcute session string importers ({@link ForeignSessions}),
 * and for {@link ForeignSessions#detect}. The first input byte picks the importer (low three bits) and whether
 * the rest is text as it is (bit 3) or the binary form, which the harness base64-encodes as that library does. A
 * string an importer cannot read must be a {@link SessionFormatException}; a session it reads must be one mtflux
 * can store: it survives the {@code mtf1.} string unchanged.
 */
class ForeignSessionsFuzzTest {

    private static final List<Function<String, ImportedSession>> IMPORTERS = List.of(ForeignSessions::telethon,
        ForeignSessions::gramJs, ForeignSessions::pyrogram, ForeignSessions::mtcute, ForeignSessions::detect);
    private static final int TELETHON = 0;
    private static final int GRAMJS = 1;
    private static final int PYROGRAM = 2;
    private static final int MTCUTE = 3;

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "10m")
    void importString(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int importer = (data[0] & 7) % IMPORTERS.size();
        byte[] rest = Arrays.copyOfRange(data, 1, data.length);
        String text = (data[0] & 8) != 0 ? new String(rest, StandardCharsets.ISO_8859_1) : encode(importer, rest);
        ImportedSession imported;
        try {
            imported = IMPORTERS.get(importer).apply(text);
        } catch (SessionFormatException expected) {
            return;
        }
        SessionState state = imported.state();
        assertThat(StringSession.decode(StringSession.encode(state))).isEqualTo(state);
    }

    /** The text form each library writes: Telethon and GramJS put a version digit first. */
    private static String encode(int importer, byte[] binary) {
        return switch (importer) {
            case TELETHON -> "1" + Base64.getUrlEncoder().encodeToString(binary);
            case GRAMJS -> "1" + Base64.getEncoder().encodeToString(binary);
            default -> Base64.getUrlEncoder().withoutPadding().encodeToString(binary);
        };
    }

    // ------------------------------------------------------------------ seeds, in each library's layout

    static Stream<byte[]> seeds() {
        byte[] key = new byte[AuthKey.LENGTH];
        Arrays.fill(key, (byte) 9);
        SessionState state = SessionState.initial(2, List.of(DcEndpoint.of(2, "149.154.167.51", 443)))
            .withDc(2, new DcAuth(AuthKey.of(key), Instant.EPOCH, 0, 0, true));
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(binary(TELETHON, Base64.getUrlDecoder().decode(ForeignSessions.toTelethon(state).substring(1))));
        seeds.add(binary(GRAMJS, Base64.getDecoder().decode(ForeignSessions.toGramJs(state).substring(1))));
        seeds.add(binary(PYROGRAM, ByteBuffer.allocate(271).put((byte) 4).putInt(123456).put((byte) 0).put(key)
            .putLong(5_000_000_001L).put((byte) 1).array()));
        seeds.add(binary(PYROGRAM, ByteBuffer.allocate(267).put((byte) 2).put((byte) 1).put(key)
            .putLong(7_000_000_000L).put((byte) 0).array()));
        seeds.add(binary(MTCUTE, mtcute(3, basicDc(2, "149.154.167.50", 443, 0), null, null, key)));
        seeds.add(binary(MTCUTE, mtcute(3, basicDc(2, "2001:067c:04e8:f002:0000:0000:0000:000a", 443, 1),
            basicDc(2, "149.154.167.222", 443, 2), 6_000_000_123L, key)));
        seeds.add(text(4, ForeignSessions.toTelethon(state)));
        seeds.add(text(4, ForeignSessions.toGramJs(state)));
        return seeds.stream();
    }

    private static byte[] binary(int importer, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = (byte) importer;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    private static byte[] text(int importer, String s) {
        return binary(importer | 8, s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] mtcute(int version, byte[] main, byte[] media, Long user, byte[] key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(version);
        out.writeBytes(le((user != null ? 1 : 0) | (media != null ? 4 : 0)));
        tlBytes(out, main);
        if (media != null) {
            tlBytes(out, media);
        }
        if (user != null) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(user).array());
            out.writeBytes(le(0xbc799737));
        }
        tlBytes(out, key);
        return out.toByteArray();
    }

    private static byte[] basicDc(int dc, String ip, int port, int flags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {2, (byte) dc, (byte) flags});
        tlBytes(out, ip.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(le(port));
        return out.toByteArray();
    }

    private static void tlBytes(ByteArrayOutputStream out, byte[] data) {
        int header;
        if (data.length <= 253) {
            out.write(data.length);
            header = 1;
        } else {
            out.write(254);
            out.write(data.length & 0xFF);
            out.write(data.length >> 8 & 0xFF);
            out.write(data.length >> 16 & 0xFF);
            header = 4;
        }
        out.writeBytes(data);
        for (int i = (header + data.length) % 4; i % 4 != 0; i++) {
            out.write(0);
        }
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
