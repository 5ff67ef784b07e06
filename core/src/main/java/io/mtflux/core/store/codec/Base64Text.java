package io.mtflux.core.store.codec;

import io.mtflux.core.store.SessionFormatException;

/**
 * Strict base64 decoding with errors that name the format and the offending position, never the text.
 *
 * <p>Not API: public only so that {@code io.mtflux.core.store.importers} can share it with this package's codecs;
 * it may change or disappear without notice.
 */
public final class Base64Text {
    private Base64Text() {
    }

    /**
     * Decodes standard or URL-safe base64 ({@code urlSafe} picks which alphabet is expected, the other is
     * accepted too), with or without {@code =} padding.
     *
     * @param format the format's name, for errors
     * @param text the base64 text
     * @param urlSafe whether the URL-safe alphabet is the expected one
     * @return the decoded bytes
     * @throws SessionFormatException if the text is empty, has a character of neither alphabet or a bad length
     */
    public static byte[] decode(String format, String text, boolean urlSafe) {
        if (text.isEmpty()) {
            throw new SessionFormatException(format, "empty after the prefix");
        }
        StringBuilder normalized = new StringBuilder(text.length() + 2);
        int padding = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '=') {
                padding++;
                continue;
            }
            if (padding > 0) {
                throw new SessionFormatException(format, "'=' padding in the middle, at character " + i);
            }
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                normalized.append(c);
            } else if (c == '-' || c == '+') {
                normalized.append('+');
            } else if (c == '_' || c == '/') {
                normalized.append('/');
            } else {
                throw new SessionFormatException(format, "character " + i + " is not "
                    + (urlSafe ? "base64url" : "base64"));
            }
        }
        if (padding > 2 || normalized.length() % 4 == 1) {
            throw new SessionFormatException(format, "base64 of impossible length " + text.length()
                + " (truncated?)");
        }
        if (padding > 0 && (normalized.length() + padding) % 4 != 0) {
            throw new SessionFormatException(format, "wrong '=' padding (truncated?)");
        }
        try {
            return java.util.Base64.getDecoder().decode(padded(normalized));
        } catch (IllegalArgumentException e) {
            throw new SessionFormatException(format, "not valid base64 (truncated?)");
        }
    }

    private static String padded(StringBuilder s) {
        while (s.length() % 4 != 0) {
            s.append('=');
        }
        return s.toString();
    }
}
