package io.mtflux.samples;

import io.mtflux.accounts.AccountEvent;

/**
 * The accounts CLI's stdout lines, one JSON object per line, written by hand (two fixed shapes need no JSON
 * library). Keys come in a fixed order; strings are escaped per RFC 8259 and every character outside printable
 * ASCII is written as a {@code \}{@code uXXXX} escape, so a line is plain ASCII whatever the platform's encoding.
 */
final class AccountLines {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AccountLines() {
    }

    /** The first line: {@code {"event":"ready","instance":"NAME"}}. */
    static String ready(String instance) {
        StringBuilder line = new StringBuilder(64).append("{\"event\":\"ready\",\"instance\":");
        quote(line, instance);
        return line.append('}').toString();
    }

    /**
     * One state change: {@code {"event":"account","account":"ID","state":"AUTHORIZED","instance":"NAME",
     * "user_id":N,"dc":N,"fence":N}}, {@code state} the state entered; {@code user_id}, {@code dc} and
     * {@code fence} only when known (a user, a home DC, a lease).
     */
    static String account(AccountEvent event, String instance) {
        StringBuilder line = new StringBuilder(160).append("{\"event\":\"account\",\"account\":");
        quote(line, event.accountId());
        line.append(",\"state\":");
        quote(line, event.to().name());
        line.append(",\"instance\":");
        quote(line, instance);
        if (event.userId() != null) {
            line.append(",\"user_id\":").append(event.userId().longValue());
        }
        if (event.dc() > 0) {
            line.append(",\"dc\":").append(event.dc());
        }
        if (event.fence() > 0) {
            line.append(",\"fence\":").append(event.fence());
        }
        return line.append('}').toString();
    }

    /** {@code value} as a JSON string. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2);
        quote(out, value);
        return out.toString();
    }

    private static void quote(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                            .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
