package io.mtflux.core.store.codec;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.store.DcAuth;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.PendingLogin;
import io.mtflux.core.store.SessionFormatException;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.UpdateState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The binary form of a whole {@link SessionState} (without its store version), shared by {@link StringSession}
 * and the file store. Big-endian, versioned by its first byte, and closed by a CRC-32 of everything before it,
 * so truncation and bit flips are detected and named.
 *
 * <pre>
 * u8  format = 1, 2 or 3
 * u8  flags: 1 user id present, 2 bot, 4 update state present; format 2 and 3 also 8 api_id present, 16 api_hash
 *     present; format 3 also 32 pending login present
 * i32 home DC
 * [i64 user id]
 * [i32 pts, i32 qts, i32 date, i32 seq]
 * [format 2: i32 api_id]
 * [format 2: u8 api_hash length, api_hash (ASCII)]
 * [format 3: the pending login ({@link PendingLoginCodec}'s bytes, the phone_code_hash among them)]
 * u8  DC count, then per DC:
 *     i32 DC id, u8 authorized (0/1), i64 key created (epoch s), i32 nanos, i64 server salt, i64 time offset (s),
 *     256 B auth key
 * u16 DC option count, then per option:
 *     i32 DC id, u8 flags (1 media only, 2 IPv6), u16 port, u8 host length, host (UTF-8)
 * u32 CRC-32 of all the bytes above
 * </pre>
 *
 * <p>Format 2 only adds the API credentials, format 3 the pending login; each state is written in the oldest format
 * that holds it (format 1 without credentials and pending login, format 2 without a pending login), so older
 * readers keep reading it, and format 1 and 2 are read as states without what they lack.
 */
public final class SessionCodec {
    /** The current format byte: the newest this version writes (for a state with a pending login) and reads. */
    public static final int FORMAT = 3;
    /** The format with API credentials and without a pending login, still written for states that have none. */
    public static final int FORMAT_WITHOUT_PENDING_LOGIN = 2;
    /** The format without API credentials, still written for states that have none. */
    public static final int FORMAT_WITHOUT_CREDENTIALS = 1;
    private static final String NAME = "mtflux session";

    private SessionCodec() {
    }

    /**
     * Serializes {@code state} (its version is not included).
     *
     * @param state the state
     * @return the bytes, with a CRC32 at the end
     */
    public static byte[] encode(SessionState state) {
        List<byte[]> hosts = new ArrayList<>();
        byte[] apiHash = state.apiHash() == null ? null : state.apiHash().getBytes(StandardCharsets.US_ASCII);
        byte[] pending = state.pendingLogin() == null ? null : PendingLoginCodec.encode(state.pendingLogin());
        int size = 1 + 1 + 4 + 8 + 16 + 4 + 1 + (apiHash == null ? 0 : apiHash.length)
            + (pending == null ? 0 : pending.length) + 1
            + state.dcs().size() * (4 + 1 + 8 + 4 + 8 + 8 + AuthKey.LENGTH) + 2 + 4;
        for (DcEndpoint e : state.dcOptions()) {
            byte[] host = e.host().getBytes(StandardCharsets.UTF_8);
            if (host.length > 255) {
                throw new IllegalArgumentException("DC " + e.dcId() + " host is longer than 255 bytes");
            }
            hosts.add(host);
            size += 4 + 1 + 2 + 1 + host.length;
        }
        if (state.dcs().size() > 255 || state.dcOptions().size() > 65535) {
            throw new IllegalArgumentException("too many DCs or DC options to serialize");
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        boolean credentials = state.apiId() != null || apiHash != null;
        b.put((byte) (pending != null ? FORMAT : credentials ? FORMAT_WITHOUT_PENDING_LOGIN
            : FORMAT_WITHOUT_CREDENTIALS));
        int flags = (state.userId() != null ? 1 : 0) | (state.bot() ? 2 : 0) | (state.updateState() != null ? 4 : 0)
            | (state.apiId() != null ? 8 : 0) | (apiHash != null ? 16 : 0) | (pending != null ? 32 : 0);
        b.put((byte) flags);
        b.putInt(state.homeDc());
        if (state.userId() != null) {
            b.putLong(state.userId());
        }
        UpdateState u = state.updateState();
        if (u != null) {
            b.putInt(u.pts()).putInt(u.qts()).putInt(u.date()).putInt(u.seq());
        }
        if (state.apiId() != null) {
            b.putInt(state.apiId());
        }
        if (apiHash != null) {
            b.put((byte) apiHash.length).put(apiHash);
        }
        if (pending != null) {
            b.put(pending);
        }
        b.put((byte) state.dcs().size());
        for (Map.Entry<Integer, DcAuth> e : new java.util.TreeMap<>(state.dcs()).entrySet()) {
            DcAuth a = e.getValue();
            b.putInt(e.getKey()).put((byte) (a.authorized() ? 1 : 0))
                .putLong(a.createdAt().getEpochSecond()).putInt(a.createdAt().getNano())
                .putLong(a.serverSalt()).putLong(a.timeOffsetSeconds()).put(a.authKey().bytes());
        }
        b.putShort((short) state.dcOptions().size());
        for (int i = 0; i < state.dcOptions().size(); i++) {
            DcEndpoint e = state.dcOptions().get(i);
            byte[] host = hosts.get(i);
            b.putInt(e.dcId()).put((byte) ((e.mediaOnly() ? 1 : 0) | (e.ipv6() ? 2 : 0)))
                .putShort((short) e.port()).put((byte) host.length).put(host);
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        byte[] out = new byte[b.position()];
        System.arraycopy(b.array(), 0, out, 0, out.length);
        return out;
    }

    /**
     * Reads a state written by {@link #encode}, with version 0.
     *
     * @param data bytes made by {@link #encode}
     * @return the state, at version 0
     * @throws SessionFormatException naming what is wrong; never returns a partial state
     */
    public static SessionState decode(byte[] data) {
        FieldReader r = new FieldReader(NAME, data, ByteOrder.BIG_ENDIAN);
        int format = r.u8("format byte");
        if (format < FORMAT_WITHOUT_CREDENTIALS || format > FORMAT) {
            throw new SessionFormatException(NAME, "unknown format " + format + " (this version reads "
                + FORMAT_WITHOUT_CREDENTIALS + " to " + FORMAT + ")");
        }
        int flags = r.u8("flags");
        int known = format == FORMAT ? 63 : format == FORMAT_WITHOUT_PENDING_LOGIN ? 31 : 7;
        if ((flags & ~known) != 0) {
            throw new SessionFormatException(NAME, "unknown flags 0x" + Integer.toHexString(flags));
        }
        int home = r.i32("home DC");
        Long user = (flags & 1) != 0 ? r.i64("user id") : null;
        UpdateState updates = (flags & 4) != 0
            ? new UpdateState(r.i32("pts"), r.i32("qts"), r.i32("update date"), r.i32("seq")) : null;
        Integer apiId = (flags & 8) != 0 ? r.i32("api_id") : null;
        String apiHash = null;
        if ((flags & 16) != 0) {
            apiHash = new String(r.bytes(r.u8("api_hash length"), "api_hash"), StandardCharsets.US_ASCII);
        }
        PendingLogin pending = (flags & 32) != 0 ? PendingLoginCodec.read(r) : null;
        int dcCount = r.u8("DC count");
        Map<Integer, DcAuth> dcs = new LinkedHashMap<>();
        for (int i = 0; i < dcCount; i++) {
            String what = "DC entry " + (i + 1) + " of " + dcCount;
            int dcId = r.i32(what + ": id");
            int authorized = r.u8(what + ": authorized flag");
            long seconds = r.i64(what + ": key creation time");
            int nanos = r.i32(what + ": key creation nanos");
            long salt = r.i64(what + ": server salt");
            long offset = r.i64(what + ": time offset");
            byte[] key = r.bytes(AuthKey.LENGTH, what + ": auth key");
            if (dcId <= 0 || authorized > 1 || nanos < 0 || nanos > 999_999_999) {
                throw new SessionFormatException(NAME, what + " has an out-of-range field (DC id " + dcId + ")");
            }
            if (dcs.put(dcId, new DcAuth(AuthKey.of(key), instant(seconds, nanos, what), salt, offset,
                authorized == 1)) != null) {
                throw new SessionFormatException(NAME, "DC " + dcId + " appears twice");
            }
        }
        int optionCount = r.u16("DC option count");
        List<DcEndpoint> options = new ArrayList<>(Math.min(optionCount, 1024));
        for (int i = 0; i < optionCount; i++) {
            String what = "DC option " + (i + 1) + " of " + optionCount;
            int dcId = r.i32(what + ": DC id");
            int optFlags = r.u8(what + ": flags");
            int port = r.u16(what + ": port");
            int hostLength = r.u8(what + ": host length");
            String host = utf8(r.bytes(hostLength, what + ": host"), what + ": host");
            if (dcId <= 0 || port == 0 || host.isEmpty() || (optFlags & ~3) != 0) {
                throw new SessionFormatException(NAME, what + " has an out-of-range field (DC id " + dcId + ", port "
                    + port + ")");
            }
            options.add(new DcEndpoint(dcId, host, port, (optFlags & 1) != 0, (optFlags & 2) != 0));
        }
        int bodyEnd = r.position();
        int stored = r.i32("CRC-32");
        if (r.remaining() != 0) {
            throw new SessionFormatException(NAME, r.remaining() + " unexpected bytes after the checksum");
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, bodyEnd);
        if ((int) crc.getValue() != stored) {
            throw new SessionFormatException(NAME, "checksum mismatch (the data is damaged)");
        }
        if (home <= 0) {
            throw new SessionFormatException(NAME, "home DC " + home + " is out of range");
        }
        if (apiId != null && apiId <= 0) {
            throw new SessionFormatException(NAME, "api_id " + apiId + " is out of range");
        }
        if (apiHash != null && !SessionState.isValidApiHash(apiHash)) {
            throw new SessionFormatException(NAME, "the api_hash is not 1 to " + SessionState.MAX_API_HASH_LENGTH
                + " printable ASCII characters");
        }
        return new SessionState(0, home, dcs, user, (flags & 2) != 0, options, updates, apiId, apiHash, pending);
    }

    /** Strict: a host that is not UTF-8 would decode to replacement characters and no longer fit when saved. */
    private static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SessionFormatException(NAME, what + " is not UTF-8");
        }
    }

    private static Instant instant(long seconds, int nanos, String what) {
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (java.time.DateTimeException e) {
            throw new SessionFormatException(NAME, what + ": key creation time out of range");
        }
    }
}
