package io.mtflux.core.tl;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * The pieces of generated {@code toString()} methods. Secret fields (login codes, api_hash, passwords, SRP
 * proofs, tokens, exported authorizations) are printed as {@code <redacted N bytes>}, never their value.
 */
public final class TlFormat {
    private static final int HEX_LIMIT = 64;

    private TlFormat() {
    }

    /**
     * Appends a field value: byte arrays as hex (or their size when long), lists element by element.
     *
     * @param sb the text being built
     * @param value the field value, possibly null
     */
    public static void append(StringBuilder sb, Object value) {
        if (value instanceof byte[] bytes) {
            if (bytes.length <= HEX_LIMIT) {
                sb.append("0x").append(HexFormat.of().formatHex(bytes));
            } else {
                sb.append('<').append(bytes.length).append(" bytes>");
            }
        } else if (value instanceof String s) {
            sb.append('"').append(s).append('"');
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                append(sb, list.get(i));
            }
            sb.append(']');
        } else {
            sb.append(value);
        }
    }

    /**
     * Appends a secret field: only its size.
     *
     * @param sb the text being built
     * @param value the secret value, possibly null
     */
    public static void appendRedacted(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                appendRedacted(sb, list.get(i));
            }
            sb.append(']');
        } else {
            sb.append("<redacted ").append(sizeOf(value)).append(" bytes>");
        }
    }

    private static int sizeOf(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8).length;
        }
        return 0;
    }
}
