package io.mtflux.core.store.importers;

import io.mtflux.core.client.DcOptions;
import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.store.DcAuth;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.SessionFormatException;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.codec.Base64Text;
import io.mtflux.core.store.codec.FieldReader;
import io.mtflux.core.store.codec.StringSession;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Imports the string sessions of other MTProto libraries and exports to the ones that can read a single-DC
 * string. Written from the formats' public descriptions (docs/interop-notes.md 5):
 *
 * <ul>
 *   <li>Telethon v1 {@code StringSession}: {@code '1'} + urlsafe base64 (padded) of dc_id u8, IPv4 (4 B) or IPv6
 *   (16 B), port u16 BE, auth key 256 B (263 or 275 bytes).</li>
 *   <li>GramJS {@code StringSession}: {@code '1'} + standard base64 of dc_id u8, address length i16 BE, address
 *   text, port i16 BE, auth key 256 B. GramJS also reads Telethon strings, and so does {@link #gramJs}.</li>
 *   <li>Pyrogram: urlsafe base64 (no padding); current layout dc_id u8, api_id u32, test_mode u8, auth key,
 *   user_id u64, is_bot u8 (271 B); older layouts dc_id, test_mode, auth key, user_id u32 or u64, is_bot (263 or
 *   267 B). Only a DC id is stored: the address comes from Telegram's DC table ({@code DcOptions.production()}
 *   or {@code test()}).</li>
 *   <li>mtcute: base64url of version u8 (1, 2 or 3), TL int flags (1 user, 2 old test mode, 4 separate media
 *   DC), the main DC option as TL bytes (version 3: [2, dc id, flags 1 IPv6 2 media 4 test] + TL string ip + TL
 *   int port; versions 1 and 2: a TL {@code dcOption}), the media DC option likewise when flagged, user id as a
 *   little-endian int64 and a TL Bool when flagged, then the auth key as TL bytes.</li>
 * </ul>
 *
 * Each importer returns a complete {@link ImportedSession} or throws {@link SessionFormatException} naming what
 * is wrong; nothing is half-loaded. Imported keys get salt 0 (the server hands out the right one on first use),
 * time offset 0, and creation time {@link Instant#EPOCH} (unknown).
 */
public final class ForeignSessions {
    private static final int BOOL_TRUE = 0x997275b5;
    private static final int BOOL_FALSE = 0xbc799737;
    private static final int TL_DC_OPTION = 0x18b7a10d;

    private ForeignSessions() {
    }

    /**
     * Reads any supported string: mtflux's own ({@code mtf1.}), Telethon, GramJS, Pyrogram or mtcute, told apart
     * by prefix, alphabet and decoded length.
     *
     * @param text a session string
     * @return the import
     * @throws SessionFormatException if no supported format reads it
     */
    public static ImportedSession detect(String text) {
        String s = strip("session string", text);
        if (s.startsWith(StringSession.PREFIX)) {
            return new ImportedSession(StringSession.decode(s), "mtflux", false, OptionalInt.empty());
        }
        if (s.startsWith("1")) {
            // GramJS reads Telethon's layout too
            return gramJs(s);
        }
        byte[] data = Base64Text.decode("session string", s, true);
        if (data.length == 271 || data.length == 263 || data.length == 267) {
            return pyrogram(s);
        }
        if (data.length > 0 && data[0] >= 1 && data[0] <= 3) {
            return mtcute(s);
        }
        throw new SessionFormatException("session string", "not an mtflux, Telethon, GramJS, Pyrogram or mtcute "
            + "string (" + data.length + " bytes decoded)");
    }

    /**
     * Imports a Telethon v1 {@code StringSession} (IPv4 or IPv6).
     *
     * @param text the string, starting with {@code 1}
     * @return the import
     * @throws SessionFormatException naming what is wrong
     */
    public static ImportedSession telethon(String text) {
        String f = "Telethon string session";
        String s = strip(f, text);
        if (!s.startsWith("1")) {
            throw new SessionFormatException(f, "does not start with version '1'");
        }
        byte[] data = Base64Text.decode(f, s.substring(1), true);
        return telethonBytes(f, data);
    }

    private static ImportedSession telethonBytes(String f, byte[] data) {
        int ipLength;
        if (data.length == 1 + 4 + 2 + AuthKey.LENGTH) {
            ipLength = 4;
        } else if (data.length == 1 + 16 + 2 + AuthKey.LENGTH) {
            ipLength = 16;
        } else {
            throw new SessionFormatException(f, "decodes to " + data.length + " bytes; an IPv4 session has 263 and an"
                + " IPv6 one 275 (truncated?)");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int dc = b.get() & 0xFF;
        byte[] ip = new byte[ipLength];
        b.get(ip);
        int port = b.getShort() & 0xFFFF;
        byte[] key = new byte[AuthKey.LENGTH];
        b.get(key);
        String host = address(f, ip);
        return single(f, dc, host, port, ipLength == 16, key, null, false, OptionalInt.empty());
    }

    /**
     * Imports a GramJS {@code StringSession} (and, as GramJS does, a Telethon one).
     *
     * @param text the string
     * @return the import
     * @throws SessionFormatException naming what is wrong
     */
    public static ImportedSession gramJs(String text) {
        String f = "GramJS string session";
        String s = strip(f, text);
        if (!s.startsWith("1")) {
            throw new SessionFormatException(f, "does not start with version '1'");
        }
        byte[] data = Base64Text.decode(f, s.substring(1), false);
        if (data.length < 1 + 2) {
            throw new SessionFormatException(f, "decodes to " + data.length + " bytes (truncated)");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int dc = b.get() & 0xFF;
        int addressLength = b.getShort();
        if (addressLength < 0 || 1 + 2 + addressLength + 2 + AuthKey.LENGTH != data.length) {
            if (data.length == 263 || data.length == 275) {
                return telethonBytes("Telethon string session", data);
            }
            if (addressLength >= 0 && 1 + 2 + addressLength + 2 + AuthKey.LENGTH > data.length) {
                throw new SessionFormatException(f, "decodes to " + data.length + " bytes, the address of "
                    + addressLength + " bytes and the 256-byte key need " + (addressLength + 261) + " (truncated?)");
            }
            throw new SessionFormatException(f, "decodes to " + data.length + " bytes, which does not fit an address"
                + " length of " + addressLength);
        }
        byte[] address = new byte[addressLength];
        b.get(address);
        int port = b.getShort() & 0xFFFF;
        byte[] key = new byte[AuthKey.LENGTH];
        b.get(key);
        String host = new String(address, StandardCharsets.UTF_8);
        if (host.isBlank()) {
            throw new SessionFormatException(f, "empty server address");
        }
        return single(f, dc, host, port, host.indexOf(':') >= 0, key, null, false, OptionalInt.empty());
    }

    /**
     * Imports a Pyrogram session string (the current layout or either older one).
     *
     * @param text the string
     * @return the import
     * @throws SessionFormatException naming what is wrong
     */
    public static ImportedSession pyrogram(String text) {
        String f = "Pyrogram session string";
        byte[] data = Base64Text.decode(f, strip(f, text), true);
        ByteBuffer b = ByteBuffer.wrap(data);
        int dc;
        OptionalInt apiId = OptionalInt.empty();
        boolean test;
        byte[] key = new byte[AuthKey.LENGTH];
        long user;
        boolean bot;
        if (data.length == 271) {
            dc = b.get() & 0xFF;
            apiId = OptionalInt.of(b.getInt());
            test = bool(f, b.get(), "test_mode");
            b.get(key);
            user = b.getLong();
            bot = bool(f, b.get(), "is_bot");
        } else if (data.length == 263 || data.length == 267) {
            dc = b.get() & 0xFF;
            test = bool(f, b.get(), "test_mode");
            b.get(key);
            user = data.length == 263 ? b.getInt() & 0xFFFFFFFFL : b.getLong();
            bot = bool(f, b.get(), "is_bot");
        } else {
            throw new SessionFormatException(f, "decodes to " + data.length + " bytes; Pyrogram strings have 271 "
                + "(current), 263 or 267 (older layouts) (truncated?)");
        }
        DcEndpoint endpoint = knownDc(f, dc, test);
        return single(f, dc, endpoint.host(), endpoint.port(), false, key, user, bot, apiId).withTestMode(test);
    }

    /**
     * Imports an mtcute string session (versions 1 to 3).
     *
     * @param text the string
     * @return the import
     * @throws SessionFormatException naming what is wrong
     */
    public static ImportedSession mtcute(String text) {
        String f = "mtcute string session";
        byte[] data = Base64Text.decode(f, strip(f, text), true);
        FieldReader r = new FieldReader(f, data, ByteOrder.LITTLE_ENDIAN);
        int version = r.u8("version");
        if (version < 1 || version > 3) {
            throw new SessionFormatException(f, "unknown version " + version + " (reads 1 to 3)");
        }
        int flags = r.i32("flags");
        boolean oldTestMode = (flags & 2) != 0;
        boolean hasMedia = version >= 2 && (flags & 4) != 0;
        MtcuteDc main = version == 3 ? basicDc(f, r.tlBytes("main DC option"), "main DC option")
            : tlDcOption(r, "main DC option");
        MtcuteDc media = !hasMedia ? null : version == 3 ? basicDc(f, r.tlBytes("media DC option"), "media DC option")
            : tlDcOption(r, "media DC option");
        Long user = null;
        boolean bot = false;
        if ((flags & 1) != 0) {
            user = r.i64("user id");
            int b = r.i32("is_bot");
            if (b != BOOL_TRUE && b != BOOL_FALSE) {
                throw new SessionFormatException(f, "is_bot is not a TL Bool");
            }
            bot = b == BOOL_TRUE;
        }
        byte[] key = r.tlBytes("auth key");
        if (key.length != AuthKey.LENGTH) {
            throw new SessionFormatException(f, "auth key has " + key.length + " bytes, not 256");
        }
        if (r.remaining() != 0) {
            throw new SessionFormatException(f, r.remaining() + " unexpected bytes after the auth key");
        }
        boolean test = oldTestMode || main.test();
        ImportedSession s = single(f, main.id(), main.ip(), main.port(), main.ipv6(), key, user, bot,
            OptionalInt.empty()).withTestMode(test);
        if (media != null) {
            SessionState st = s.state();
            List<DcEndpoint> options = new java.util.ArrayList<>(st.dcOptions());
            options.add(endpoint(f, "media DC option: ", media.id(), media.ip(), media.port(), true,
                media.ipv6()));
            s = new ImportedSession(st.withDcOptions(options), s.format(), test, s.apiId());
        }
        return s;
    }

    /**
     * The Telethon v1 string of {@code state}'s home DC (its key and its first API address).
     *
     * @param state a state with a key on its home DC
     * @return the string
     */
    public static String toTelethon(SessionState state) {
        String f = "Telethon export";
        Home home = home(f, state);
        byte[] ip = ipBytes(f, home.endpoint().host());
        ByteBuffer b = ByteBuffer.allocate(1 + ip.length + 2 + AuthKey.LENGTH);
        b.put((byte) state.homeDc()).put(ip).putShort((short) home.endpoint().port()).put(home.key());
        return "1" + Base64.getUrlEncoder().encodeToString(b.array());
    }

    /**
     * The GramJS string of {@code state}'s home DC (its key and its first API address).
     *
     * @param state a state with a key on its home DC
     * @return the string
     */
    public static String toGramJs(SessionState state) {
        String f = "GramJS export";
        Home home = home(f, state);
        if (home.endpoint().port() > Short.MAX_VALUE) {
            throw new IllegalArgumentException(f + ": GramJS stores the port as int16, " + home.endpoint().port()
                + " does not fit");
        }
        byte[] address = home.endpoint().host().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + 2 + address.length + 2 + AuthKey.LENGTH);
        b.put((byte) state.homeDc()).putShort((short) address.length).put(address)
            .putShort((short) home.endpoint().port()).put(home.key());
        return "1" + Base64.getEncoder().encodeToString(b.array());
    }

    private record Home(DcEndpoint endpoint, byte[] key) {
    }

    private static Home home(String f, SessionState state) {
        if (state.homeDc() > 255) {
            throw new IllegalArgumentException(f + ": home DC " + state.homeDc() + " does not fit one byte");
        }
        DcAuth auth = state.dc(state.homeDc()).orElseThrow(() ->
            new IllegalArgumentException(f + ": no auth key for the home DC " + state.homeDc()));
        Optional<DcEndpoint> endpoint = state.dcOptions().stream()
            .filter(e -> e.dcId() == state.homeDc() && !e.mediaOnly() && !e.ipv6()).findFirst()
            .or(() -> state.dcOptions().stream().filter(e -> e.dcId() == state.homeDc() && !e.mediaOnly())
                .findFirst())
            .or(() -> DcOptions.production().endpoint(state.homeDc()));
        return new Home(endpoint.orElseThrow(() ->
            new IllegalArgumentException(f + ": no address known for the home DC " + state.homeDc())),
            auth.authKey().bytes());
    }

    private static ImportedSession single(String f, int dc, String host, int port, boolean ipv6, byte[] key,
                                          Long user, boolean bot, OptionalInt apiId) {
        DcEndpoint endpoint = endpoint(f, "", dc, host, port, false, ipv6);
        if (Arrays.equals(key, new byte[AuthKey.LENGTH])) {
            throw new SessionFormatException(f, "the auth key is all zeros");
        }
        // an api_id the string carries is kept in the state, so the session restarts with it (without an api_hash
        // the client still needs its own credentials)
        SessionState state = new SessionState(0, dc, Map.of(dc, new DcAuth(AuthKey.of(key), Instant.EPOCH, 0, 0,
            true)), user, bot, List.of(endpoint), null, apiId.isPresent() && apiId.getAsInt() > 0
            ? apiId.getAsInt() : null, null);
        boolean test = DcOptions.test().endpoints().stream().anyMatch(e -> e.host().equals(host));
        return new ImportedSession(state, f.substring(0, f.indexOf(' ')), test, apiId);
    }

    /** An endpoint a string carries, checked as every endpoint is: a typed failure, never a bare one. */
    private static DcEndpoint endpoint(String f, String what, int dc, String host, int port, boolean media,
                                       boolean ipv6) {
        if (dc <= 0) {
            throw new SessionFormatException(f, what + "DC id " + dc + " is out of range");
        }
        if (port <= 0 || port > 65535) {
            throw new SessionFormatException(f, what + "port " + port + " is out of range");
        }
        return new DcEndpoint(dc, host, port, media, ipv6);
    }

    private static DcEndpoint knownDc(String f, int dc, boolean test) {
        DcOptions table = test ? DcOptions.test() : DcOptions.production();
        return table.endpoint(dc).orElseThrow(() -> new SessionFormatException(f, "no known address for "
            + (test ? "test " : "") + "DC " + dc));
    }

    private static boolean bool(String f, byte value, String what) {
        if (value != 0 && value != 1) {
            throw new SessionFormatException(f, what + " is " + (value & 0xFF) + ", not 0 or 1");
        }
        return value == 1;
    }

    private static String strip(String f, String text) {
        if (text == null) {
            throw new SessionFormatException(f, "no string (null)");
        }
        String s = text.strip();
        if (s.isEmpty()) {
            throw new SessionFormatException(f, "empty string");
        }
        return s;
    }

    private static String address(String f, byte[] ip) {
        try {
            return InetAddress.getByAddress(ip).getHostAddress();
        } catch (UnknownHostException e) {
            throw new SessionFormatException(f, "bad IP address length " + ip.length);
        }
    }

    /** The packed bytes of an IPv4 or IPv6 literal (never a DNS lookup). */
    private static byte[] ipBytes(String f, String host) {
        if (host.indexOf(':') < 0) {
            String[] parts = host.split("\\.", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException(f + ": '" + host + "' is not an IP address");
            }
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                try {
                    int v = Integer.parseInt(parts[i]);
                    if (v < 0 || v > 255) {
                        throw new NumberFormatException();
                    }
                    out[i] = (byte) v;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(f + ": '" + host + "' is not an IP address", e);
                }
            }
            return out;
        }
        try {
            // a literal with ':' is parsed, never looked up
            return InetAddress.getByName(host.startsWith("[") ? host : "[" + host + "]").getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(f + ": '" + host + "' is not an IP address", e);
        }
    }

    private record MtcuteDc(int id, String ip, int port, boolean ipv6, boolean media, boolean test) {
    }

    private static MtcuteDc basicDc(String f, byte[] data, String what) {
        FieldReader r = new FieldReader(f, data, ByteOrder.LITTLE_ENDIAN);
        int version = r.u8(what + ": version");
        int id = r.u8(what + ": DC id");
        int flags = r.u8(what + ": flags");
        if (version != 1 && version != 2) {
            throw new SessionFormatException(f, what + " has unknown version " + version);
        }
        String ip = r.tlString(what + ": address");
        int port = r.i32(what + ": port");
        return new MtcuteDc(id, ip, port, (flags & 1) != 0, (flags & 2) != 0, version == 2 && (flags & 4) != 0);
    }

    private static MtcuteDc tlDcOption(FieldReader r, String what) {
        int ctor = r.i32(what + ": constructor");
        if (ctor != TL_DC_OPTION) {
            throw new SessionFormatException(r.format(), what + " has constructor 0x" + Integer.toHexString(ctor)
                + ", not dcOption");
        }
        int flags = r.i32(what + ": flags");
        int id = r.i32(what + ": DC id");
        String ip = r.tlString(what + ": address");
        int port = r.i32(what + ": port");
        if ((flags & 1024) != 0) {
            r.tlBytes(what + ": secret");
        }
        return new MtcuteDc(id, ip, port, (flags & 1) != 0, (flags & 2) != 0, false);
    }
}
