package io.mtflux.core.store.codec;

import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.UpdateState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Text forms of the parts of a {@link io.mtflux.core.store.SessionState} that stores keep in one column or
 * hash field: the DC option list, the update state, the api_hash and the pending login (plain or sealed). Parsing
 * is strict: anything else than what the {@code format*} methods write is an {@link IllegalArgumentException}
 * naming the problem (never the data). For store adapters (the R2DBC and Redis stores use it).
 */
public final class StoredFields {

    private StoredFields() {
    }

    /**
     * {@code dcId,host,port,flags} per option, joined by {@code ;} (flags: 1 media only, 2 IPv6). Empty for no
     * options.
     *
     * @param options the endpoints
     * @return the text
     */
    public static String formatDcOptions(List<DcEndpoint> options) {
        StringBuilder sb = new StringBuilder();
        for (DcEndpoint e : options) {
            if (e.host().isEmpty() || e.host().indexOf(',') >= 0 || e.host().indexOf(';') >= 0) {
                throw new IllegalArgumentException("DC " + e.dcId() + " host must be non-empty without ',' or ';'");
            }
            if (sb.length() > 0) {
                sb.append(';');
            }
            int flags = (e.mediaOnly() ? 1 : 0) | (e.ipv6() ? 2 : 0);
            sb.append(e.dcId()).append(',').append(e.host()).append(',').append(e.port()).append(',').append(flags);
        }
        return sb.toString();
    }

    /**
     * Parses {@link #formatDcOptions}' output.
     *
     * @param text what {@link #formatDcOptions} wrote
     * @return the endpoints
     * @throws IllegalArgumentException if an option is malformed or out of range
     */
    public static List<DcEndpoint> parseDcOptions(String text) {
        List<DcEndpoint> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String entry : text.split(";", -1)) {
            String[] f = entry.split(",", -1);
            if (f.length != 4 || f[1].isEmpty()) {
                throw new IllegalArgumentException("a DC option is not dcId,host,port,flags");
            }
            int flags = parseInt(f[3], "DC option flags");
            if (flags < 0 || flags > 3) {
                throw new IllegalArgumentException("DC option flags out of range");
            }
            try {
                out.add(new DcEndpoint(parseInt(f[0], "DC option id"), f[1], parseInt(f[2], "DC option port"),
                    (flags & 1) != 0, (flags & 2) != 0));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a DC option has an id or port out of range");
            }
        }
        return out;
    }

    /**
     * {@code pts,qts,date,seq}, or empty for none.
     *
     * @param u the update state, or null
     * @return the text
     */
    public static String formatUpdateState(UpdateState u) {
        return u == null ? "" : u.pts() + "," + u.qts() + "," + u.date() + "," + u.seq();
    }

    /**
     * Parses {@link #formatUpdateState}' output (empty: null).
     *
     * @param text what {@link #formatUpdateState} wrote
     * @return the update state, or null
     * @throws IllegalArgumentException if the text is malformed
     */
    public static UpdateState parseUpdateState(String text) {
        if (text.isEmpty()) {
            return null;
        }
        String[] f = text.split(",", -1);
        if (f.length != 4) {
            throw new IllegalArgumentException("the update state is not pts,qts,date,seq");
        }
        return new UpdateState(parseInt(f[0], "pts"), parseInt(f[1], "qts"), parseInt(f[2], "date"),
            parseInt(f[3], "seq"));
    }

    /**
     * The stored text of an api_hash: {@code p:<hash>}, or with a cipher {@code e:<base64 of the hash sealed with
     * the account's context>}.
     *
     * @param cipher seals the hash, or null to keep it as it is
     * @param apiHash the api_hash, a secret
     * @param accountId the account, bound to a sealed hash
     * @return the stored text
     */
    public static String formatApiHash(String apiHash, AuthKeyCipher cipher, String accountId) {
        if (cipher == null) {
            return "p:" + apiHash;
        }
        byte[] sealed = cipher.seal(apiHash.getBytes(StandardCharsets.US_ASCII),
            AuthKeyCipher.apiHashContext(accountId));
        return "e:" + Base64.getEncoder().encodeToString(sealed);
    }

    /**
     * Parses {@link #formatApiHash}' output; a plain hash is read with or without a cipher.
     *
     * @param text what {@link #formatApiHash} wrote
     * @param cipher opens a sealed hash, or null
     * @param accountId the account the hash was sealed for
     * @return the api_hash
     * @throws IllegalArgumentException naming the problem, never the hash: an unknown prefix, a sealed hash and no
     *     cipher, one that does not open, or a hash that is not 1 to 255 printable ASCII characters
     */
    public static String parseApiHash(String text, AuthKeyCipher cipher, String accountId) {
        String hash;
        if (text.startsWith("p:")) {
            hash = text.substring(2);
        } else if (text.startsWith("e:")) {
            if (cipher == null) {
                throw new IllegalArgumentException("the api_hash is encrypted and this store has no encryption key");
            }
            byte[] sealed;
            try {
                sealed = Base64.getDecoder().decode(text.substring(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the sealed api_hash is not base64");
            }
            try {
                hash = new String(cipher.open(sealed, AuthKeyCipher.apiHashContext(accountId)),
                    StandardCharsets.US_ASCII);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the sealed api_hash does not authenticate (wrong encryption key, "
                    + "another account's, or damaged)");
            }
        } else {
            throw new IllegalArgumentException("the api_hash has an unknown form");
        }
        if (!io.mtflux.core.store.SessionState.isValidApiHash(hash)) {
            throw new IllegalArgumentException("the api_hash is not 1 to 255 printable ASCII characters");
        }
        return hash;
    }

    /**
     * The stored text of a pending login: {@code p:<base64 of its bytes>}, or with a cipher {@code e:<base64 of
     * them sealed with the account's context>} (the whole pending login is sealed: its phone_code_hash is a
     * secret).
     *
     * @param login the pending login
     * @param cipher seals it, or null to keep it as it is
     * @param accountId the account, bound to a sealed pending login
     * @return the stored text
     */
    public static String formatPendingLogin(io.mtflux.core.store.PendingLogin login, AuthKeyCipher cipher,
                                            String accountId) {
        byte[] bytes = PendingLoginCodec.encode(login);
        if (cipher == null) {
            return "p:" + Base64.getEncoder().encodeToString(bytes);
        }
        return "e:" + Base64.getEncoder().encodeToString(cipher.seal(bytes,
            AuthKeyCipher.pendingLoginContext(accountId)));
    }

    /**
     * Parses {@link #formatPendingLogin}' output; a plain one is read with or without a cipher.
     *
     * @param text what {@link #formatPendingLogin} wrote
     * @param cipher opens a sealed one, or null
     * @param accountId the account it was sealed for
     * @return the pending login
     * @throws IllegalArgumentException naming the problem, never a value: an unknown prefix, not base64, sealed
     *     and no cipher, does not open, or bytes that are not a pending login
     */
    public static io.mtflux.core.store.PendingLogin parsePendingLogin(String text, AuthKeyCipher cipher,
                                                                      String accountId) {
        boolean sealed = text.startsWith("e:");
        if (!sealed && !text.startsWith("p:")) {
            throw new IllegalArgumentException("the pending login has an unknown form");
        }
        if (sealed && cipher == null) {
            throw new IllegalArgumentException("the pending login is encrypted and this store has no encryption key");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.substring(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the pending login is not base64");
        }
        if (sealed) {
            try {
                bytes = cipher.open(bytes, AuthKeyCipher.pendingLoginContext(accountId));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the sealed pending login does not authenticate (wrong encryption"
                    + " key, another account's, or damaged)");
            }
        }
        try {
            return PendingLoginCodec.decode(bytes);
        } catch (io.mtflux.core.store.SessionFormatException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static int parseInt(String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a number");
        }
    }
}
