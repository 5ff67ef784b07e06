package io.mtflux.core.store.importers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sample strings built here byte by byte from each library's published layout (docs/interop-notes.md 5), independent
 * of the importers' code.
 */
class ForeignSessionsTest {
    /** The key every vector below carries: 256 bytes of {@code new Random(42)}. */
    private static final byte[] KEY = seededKey(42);

    private static byte[] seededKey(long seed) {
        byte[] bytes = new byte[AuthKey.LENGTH];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String telethon(int dc, byte[] ip, int port) {
        ByteBuffer b = ByteBuffer.allocate(1 + ip.length + 2 + 256);
        b.put((byte) dc).put(ip).putShort((short) port).put(KEY);
        return "1" + Base64.getUrlEncoder().encodeToString(b.array());
    }

    private static String gramJs(int dc, String address, int port) {
        byte[] a = address.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + 2 + a.length + 2 + 256);
        b.put((byte) dc).putShort((short) a.length).put(a).putShort((short) port).put(KEY);
        return "1" + Base64.getEncoder().encodeToString(b.array());
    }

    private static String pyrogramCurrent(int dc, int apiId, boolean test, long user, boolean bot) {
        ByteBuffer b = ByteBuffer.allocate(271);
        b.put((byte) dc).putInt(apiId).put((byte) (test ? 1 : 0)).put(KEY).putLong(user).put((byte) (bot ? 1 : 0));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    private static String pyrogramOld(int dc, boolean test, long user, boolean wideUser, boolean bot) {
        ByteBuffer b = ByteBuffer.allocate(wideUser ? 267 : 263);
        b.put((byte) dc).put((byte) (test ? 1 : 0)).put(KEY);
        if (wideUser) {
            b.putLong(user);
        } else {
            b.putInt((int) user);
        }
        b.put((byte) (bot ? 1 : 0));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
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

    private static byte[] basicDc(int dc, String ip, int port, int flags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {2, (byte) dc, (byte) flags});
        tlBytes(out, ip.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(le(port));
        return out.toByteArray();
    }

    private static String mtcute(byte[] main, byte[] media, Long user, boolean bot) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(3);
        out.writeBytes(le((user != null ? 1 : 0) | (media != null ? 4 : 0)));
        tlBytes(out, main);
        if (media != null) {
            tlBytes(out, media);
        }
        if (user != null) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(user).array());
            out.writeBytes(le(bot ? 0x997275b5 : 0xbc799737));
        }
        tlBytes(out, KEY);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    private static void assertHome(ImportedSession s, int dc, String host, int port) {
        assertThat(s.state().homeDc()).isEqualTo(dc);
        assertThat(s.state().dcs()).containsOnlyKeys(dc);
        DcAuth auth = s.state().dcs().get(dc);
        assertThat(auth.authKey().bytes()).isEqualTo(KEY);
        assertThat(auth.authorized()).isTrue();
        assertThat(s.state().dcOptions().get(0)).isEqualTo(new DcEndpoint(dc, host, port, false,
            host.contains(":")));
        assertThat(s.state().version()).isZero();
    }

    @Test
    void telethonIpv4AndIpv6() {
        String v4 = telethon(2, new byte[] {(byte) 149, (byte) 154, (byte) 167, 51}, 443);
        assertThat(v4).hasSize(1 + 352);
        ImportedSession s = ForeignSessions.telethon(v4);
        assertHome(s, 2, "149.154.167.51", 443);
        assertThat(s.format()).isEqualTo("Telethon");
        assertThat(s.testMode()).isFalse();
        byte[] v6ip = new byte[16];
        v6ip[0] = 0x20;
        v6ip[1] = 0x01;
        v6ip[15] = 0x0a;
        String v6 = telethon(4, v6ip, 443);
        assertThat(v6).hasSize(1 + 368);
        assertHome(ForeignSessions.telethon(v6), 4, "2001:0:0:0:0:0:0:a", 443);
        assertThat(ForeignSessions.detect(v4).state()).isEqualTo(s.state());
        // GramJS reads Telethon strings, so does our GramJS importer
        assertThat(ForeignSessions.gramJs(v4).state()).isEqualTo(s.state());
        // test DC address: test mode
        assertThat(ForeignSessions.telethon(telethon(2, new byte[] {(byte) 149, (byte) 154, (byte) 167, 40}, 443))
            .testMode()).isTrue();
    }

    @Test
    void gramJs() {
        String text = gramJs(5, "149.154.171.5", 443);
        ImportedSession s = ForeignSessions.gramJs(text);
        assertHome(s, 5, "149.154.171.5", 443);
        assertThat(s.format()).isEqualTo("GramJS");
        assertHome(ForeignSessions.gramJs(gramJs(2, "127.0.0.1", 30002)), 2, "127.0.0.1", 30002);
        assertThat(ForeignSessions.detect(text).state()).isEqualTo(s.state());
    }

    @Test
    void pyrogramCurrentAndBothOldLayouts() {
        String current = pyrogramCurrent(4, 123456, false, 5_000_000_001L, true);
        assertThat(current).hasSize(362);
        ImportedSession s = ForeignSessions.pyrogram(current);
        assertHome(s, 4, "149.154.167.91", 443);
        assertThat(s.state().userId()).isEqualTo(5_000_000_001L);
        assertThat(s.state().bot()).isTrue();
        assertThat(s.apiId()).hasValue(123456);
        // kept in the state too, so it survives a save and the string round trip; Pyrogram has no api_hash
        assertThat(s.state().apiId()).isEqualTo(123456);
        assertThat(s.state().apiHash()).isNull();
        assertThat(StringSession.decode(StringSession.encode(s.state())).apiId()).isEqualTo(123456);
        assertThat(s.format()).isEqualTo("Pyrogram");
        String old32 = pyrogramOld(1, false, 3_000_000_000L, false, false);
        assertThat(old32).hasSize(351);
        ImportedSession o = ForeignSessions.pyrogram(old32);
        assertHome(o, 1, "149.154.175.50", 443);
        assertThat(o.state().userId()).isEqualTo(3_000_000_000L);
        assertThat(o.apiId()).isEmpty();
        assertThat(o.state().apiId()).isNull();
        String old64 = pyrogramOld(2, true, 7_000_000_000L, true, false);
        assertThat(old64).hasSize(356);
        ImportedSession t = ForeignSessions.pyrogram(old64);
        assertThat(t.testMode()).isTrue();
        assertHome(t, 2, "149.154.167.40", 443);
        assertThat(t.state().userId()).isEqualTo(7_000_000_000L);
        assertThat(ForeignSessions.detect(current).state()).isEqualTo(s.state());
        assertThat(ForeignSessions.detect(old32).state()).isEqualTo(o.state());
        assertThat(ForeignSessions.detect(old64).state()).isEqualTo(t.state());
    }

    @Test
    void mtcuteMediaDcIsCheckedLikeEveryEndpoint() {
        byte[] main = basicDc(2, "149.154.167.50", 443, 0);
        // port 0 and DC id 0 in the media DC: a typed SessionFormatException naming it, not a bare
        // IllegalArgumentException from the endpoint (ForeignSessionsFuzzTest looks for more of these)
        assertThatThrownBy(() -> ForeignSessions.mtcute(mtcute(main, basicDc(2, "149.154.167.222", 0, 2), null,
            false)))
            .isExactlyInstanceOf(SessionFormatException.class)
            .hasMessageContaining("media DC option: port 0 is out of range");
        assertThatThrownBy(() -> ForeignSessions.mtcute(mtcute(main, basicDc(0, "149.154.167.222", 443, 2), null,
            false)))
            .isExactlyInstanceOf(SessionFormatException.class)
            .hasMessageContaining("media DC option: DC id 0 is out of range");
        assertThatThrownBy(() -> ForeignSessions.detect(mtcute(main, basicDc(2, "149.154.167.222", 70000, 2),
            null, false)))
            .isInstanceOf(SessionFormatException.class);
    }

    @Test
    void mtcuteWithAndWithoutUserAndMediaDc() {
        String plain = mtcute(basicDc(2, "149.154.167.50", 443, 0), null, null, false);
        ImportedSession s = ForeignSessions.mtcute(plain);
        assertHome(s, 2, "149.154.167.50", 443);
        assertThat(s.state().userId()).isNull();
        assertThat(s.format()).isEqualTo("mtcute");
        String full = mtcute(basicDc(2, "2001:067c:04e8:f002:0000:0000:0000:000a", 443, 1),
            basicDc(2, "149.154.167.222", 443, 2), 6_000_000_123L, true);
        ImportedSession f = ForeignSessions.mtcute(full);
        assertHome(f, 2, "2001:067c:04e8:f002:0000:0000:0000:000a", 443);
        assertThat(f.state().userId()).isEqualTo(6_000_000_123L);
        assertThat(f.state().bot()).isTrue();
        assertThat(f.state().dcOptions()).contains(new DcEndpoint(2, "149.154.167.222", 443, true, false));
        assertThat(ForeignSessions.mtcute(mtcute(basicDc(1, "149.154.175.10", 443, 4), null, 1L, false)).testMode())
            .isTrue();
        assertThat(ForeignSessions.detect(full).state()).isEqualTo(f.state());
    }

    @Test
    void exportsToTelethonAndGramJsReadBack() {
        SessionState state = new SessionState(3, 2, Map.of(2, new DcAuth(AuthKey.of(KEY), Instant.EPOCH, 5, 0, true)),
            77L, false, List.of(DcEndpoint.of(2, "149.154.167.51", 443)), null);
        String telethon = ForeignSessions.toTelethon(state);
        assertThat(telethon).isEqualTo(telethon(2, new byte[] {(byte) 149, (byte) 154, (byte) 167, 51}, 443));
        String gram = ForeignSessions.toGramJs(state);
        assertThat(gram).isEqualTo(gramJs(2, "149.154.167.51", 443));
        assertHome(ForeignSessions.telethon(telethon), 2, "149.154.167.51", 443);
        assertHome(ForeignSessions.gramJs(gram), 2, "149.154.167.51", 443);
        SessionState v6 = state.withDcOptions(List.of(new DcEndpoint(2, "2001:67c:4e8:f002::a", 443, false, true)));
        assertThat(ForeignSessions.toTelethon(v6)).hasSize(1 + 368);
        assertThatThrownBy(() -> ForeignSessions.toGramJs(SessionState.initial(2, List.of())))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no auth key for the home DC 2");
        assertThatThrownBy(() -> ForeignSessions.toGramJs(state.withDcOptions(List.of(DcEndpoint.of(2, "h", 40000)))))
            .hasMessageContaining("int16");
    }

    @Test
    void malformedForeignStringsNameWhatIsWrong() {
        String telethon = telethon(2, new byte[] {1, 2, 3, 4}, 443);
        assertThatThrownBy(() -> ForeignSessions.telethon(telethon.substring(0, 300)))
            .isInstanceOf(SessionFormatException.class).hasMessageStartingWith("Telethon string session: ")
            .hasMessageContaining("decodes to 224 bytes");
        assertThatThrownBy(() -> ForeignSessions.telethon("2" + telethon.substring(1)))
            .hasMessageContaining("does not start with version '1'");
        assertThatThrownBy(() -> ForeignSessions.telethon(telethon.substring(0, 100) + "*" + telethon.substring(101)))
            .hasMessageContaining("character 99 is not base64url");
        String gram = gramJs(2, "149.154.167.51", 443);
        assertThatThrownBy(() -> ForeignSessions.gramJs(gram.substring(0, 200)))
            .isInstanceOf(SessionFormatException.class).hasMessageStartingWith("GramJS string session: ");
        String py = pyrogramCurrent(2, 1, false, 1, false);
        assertThatThrownBy(() -> ForeignSessions.pyrogram(py.substring(0, 340)))
            .hasMessageContaining("Pyrogram strings have 271");
        assertThatThrownBy(() -> ForeignSessions.pyrogram(pyrogramCurrent(9, 1, false, 1, false)))
            .hasMessageContaining("no known address for DC 9");
        String mt = mtcute(basicDc(2, "149.154.167.50", 443, 0), null, 5L, false);
        assertThatThrownBy(() -> ForeignSessions.mtcute(mt.substring(0, 80)))
            .isInstanceOf(SessionFormatException.class)
            .hasMessageMatching("(?s).*truncated at byte \\d+: auth key.*");
        assertThatThrownBy(() -> ForeignSessions.mtcute("Bw" + mt.substring(2)))
            .hasMessageContaining("unknown version");
        assertThatThrownBy(() -> ForeignSessions.detect("hello")).isInstanceOf(SessionFormatException.class);
        assertThatThrownBy(() -> ForeignSessions.detect(" ")).hasMessageContaining("empty string");
        for (int cut = 1; cut < mt.length(); cut += 7) {
            String truncated = mt.substring(0, cut);
            assertThatThrownBy(() -> ForeignSessions.mtcute(truncated)).isInstanceOf(SessionFormatException.class);
        }
    }

    /**
     * Made by the real GramJS 2.26.22 ({@code new StringSession('')}, {@code setDC(4, '149.154.167.91', 443)},
     * an auth key of bytes {@code (i * 7 + 3) & 0xff}, {@code save()}).
     */
    private static final String REAL_GRAMJS =
        "1BAAOMTQ5LjE1NC4xNjcuOTEBuwMKERgfJi00O0JJUFdeZWxzeoGIj5adpKuyucDHztXc4+rx+P8GDRQbIikwNz5FTFNaYWhvdn2" +
        "Ei5KZoKeutbzDytHY3+bt9PsCCRAXHiUsMzpBSE9WXWRrcnmAh46VnKOqsbi/xs3U2+Lp8Pf+BQwTGiEoLzY9REtSWWBnbnV8g4q" +
        "RmJ+mrbS7wsnQ197l7PP6AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09rh6O/2/QQLEhkgJy41PENKUVhfZm10e4KJkJe" +
        "epayzusHIz9bd5Ovy+QAHDhUcIyoxOD9GTVRbYmlwd36FjJOaoaivtr3Ey9LZ4Ofu9fw=";

    @Test
    void aStringMadeByTheRealGramJsImportsAndOurExportIsByteIdentical() {
        byte[] key = new byte[256];
        for (int i = 0; i < 256; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        ImportedSession s = ForeignSessions.gramJs(REAL_GRAMJS);
        assertThat(s.state().homeDc()).isEqualTo(4);
        assertThat(s.state().dcOptions()).containsExactly(DcEndpoint.of(4, "149.154.167.91", 443));
        assertThat(s.state().dcs().get(4).authKey().bytes()).isEqualTo(key);
        assertThat(ForeignSessions.detect(REAL_GRAMJS).state()).isEqualTo(s.state());
        assertThat(ForeignSessions.toGramJs(s.state())).isEqualTo(REAL_GRAMJS);
    }

    /**
     * Made by the real mtcute ({@code @mtcute/core} 0.30.3, {@code writeStringSession} version 3) with the same key:
     * DC 2 149.154.167.50:443 with media DC 149.154.167.222, user 6000000123 (not a bot).
     */
    private static final String REAL_MTCUTE_USER =
        "AwUAAAAXAgIADjE0OS4xNTQuMTY3LjUwALsBAAAXAgICDzE0OS4xNTQuMTY3LjIyMrsBAAB7vKBlAQAAADeXebz-AAEAAwoRGB8m" +
        "LTQ7QklQV15lbHN6gYiPlp2kq7K5wMfO1dzj6vH4_wYNFBsiKTA3PkVMU1phaG92fYSLkpmgp661vMPK0djf5u30-wIJEBceJSwz" +
        "OkFIT1ZdZGtyeYCHjpWco6qxuL_GzdTb4unw9_4FDBMaISgvNj1ES1JZYGdudXyDipGYn6attLvCydDX3uXs8_oBCA8WHSQrMjlA" +
        "R05VXGNqcXh_ho2Um6KpsLe-xczT2uHo7_b9BAsSGSAnLjU8Q0pRWF9mbXR7gomQl56lrLO6wcjP1t3k6_L5AAcOFRwjKjE4P0ZN" +
        "VFtiaXB3foWMk5qhqK-2vcTL0tng5-71_A";

    /** The real mtcute again: DC 4 over IPv6 2001:067c:04e8:f004::000a, no user, no separate media DC. */
    private static final String REAL_MTCUTE_IPV6 =
        "AwAAAAAvAgQBJzIwMDE6MDY3YzowNGU4OmYwMDQ6MDAwMDowMDAwOjAwMDA6MDAwYbsBAAD-AAEAAwoRGB8mLTQ7QklQV15lbHN6" +
        "gYiPlp2kq7K5wMfO1dzj6vH4_wYNFBsiKTA3PkVMU1phaG92fYSLkpmgp661vMPK0djf5u30-wIJEBceJSwzOkFIT1ZdZGtyeYCH" +
        "jpWco6qxuL_GzdTb4unw9_4FDBMaISgvNj1ES1JZYGdudXyDipGYn6attLvCydDX3uXs8_oBCA8WHSQrMjlAR05VXGNqcXh_ho2U" +
        "m6KpsLe-xczT2uHo7_b9BAsSGSAnLjU8Q0pRWF9mbXR7gomQl56lrLO6wcjP1t3k6_L5AAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qh" +
        "qK-2vcTL0tng5-71_A";

    @Test
    void stringsMadeByTheRealMtcuteImport() {
        byte[] key = new byte[256];
        for (int i = 0; i < 256; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        ImportedSession user = ForeignSessions.mtcute(REAL_MTCUTE_USER);
        assertThat(user.state().homeDc()).isEqualTo(2);
        assertThat(user.state().dcs().get(2).authKey().bytes()).isEqualTo(key);
        assertThat(user.state().userId()).isEqualTo(6_000_000_123L);
        assertThat(user.state().bot()).isFalse();
        assertThat(user.state().dcOptions()).containsExactly(DcEndpoint.of(2, "149.154.167.50", 443),
            new DcEndpoint(2, "149.154.167.222", 443, true, false));
        assertThat(user.testMode()).isFalse();
        ImportedSession v6 = ForeignSessions.detect(REAL_MTCUTE_IPV6);
        assertThat(v6.format()).isEqualTo("mtcute");
        assertThat(v6.state().homeDc()).isEqualTo(4);
        assertThat(v6.state().userId()).isNull();
        assertThat(v6.state().dcOptions()).containsExactly(new DcEndpoint(4,
            "2001:067c:04e8:f004:0000:0000:0000:000a", 443, false, true));
        assertThat(v6.state().dcs().get(4).authKey().bytes()).isEqualTo(key);
    }
}
