package io.mtflux.core.store.codec;

import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.UpdateState;
import java.util.ArrayList;
import java.util.List;

/**
 * Text forms of the parts of a {@link io.mtflux.core.store.SessionState} that stores keep in one column or hash
 * field: the DC option list and the update state. Parsing is strict: anything else than what
 * {@link #formatDcOptions} and {@link #formatUpdateState} write is an {@link IllegalArgumentException} naming the
 * problem (never the data). For store adapters (the R2DBC and Redis stores use it).
 */
public final class StoredFields {

    private StoredFields() {
    }

    /**
     * {@code dcId,host,port,flags} per option, joined by {@code ;} (flags: 1 media only, 2 IPv6). Empty for no
     * options.
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

    /** Parses {@link #formatDcOptions}' output. */
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

    /** {@code pts,qts,date,seq}, or empty for none. */
    public static String formatUpdateState(UpdateState u) {
        return u == null ? "" : u.pts() + "," + u.qts() + "," + u.date() + "," + u.seq();
    }

    /** Parses {@link #formatUpdateState}' output (empty: null). */
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

    private static int parseInt(String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a number");
        }
    }
}
