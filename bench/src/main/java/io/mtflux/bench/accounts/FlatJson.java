package io.mtflux.bench.accounts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the accounts CLI's stdout lines (samples/README.md, "the accounts CLI"): one flat JSON object whose values
 * are strings or integers. Anything else (nesting, other value types, text after the object, a bad escape) is
 * refused, so a line that breaks the contract stops the harness instead of being skipped.
 */
final class FlatJson {
    private final String text;
    private int at;

    private FlatJson(String text) {
        this.text = text;
    }

    /**
     * The fields of {@code line}, in its order: each a {@code String} or a {@code Long}.
     *
     * @throws IllegalArgumentException when the line is not such an object (the message says where)
     */
    static Map<String, Object> parse(String line) {
        return new FlatJson(line).object();
    }

    private Map<String, Object> object() {
        Map<String, Object> fields = new LinkedHashMap<>();
        expect('{');
        if (peek() == '}') {
            at++;
        } else {
            while (true) {
                String key = string();
                expect(':');
                Object value = peek() == '"' ? string() : integer();
                if (fields.put(key, value) != null) {
                    throw bad("key " + key + " twice");
                }
                char c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw bad("expected , or }");
                }
            }
        }
        if (at != text.length()) {
            throw bad("text after the object");
        }
        return fields;
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw bad("a control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> throw bad("a bad escape \\" + e);
            }
        }
    }

    private char unicodeEscape() {
        if (at + 4 > text.length()) {
            throw bad("a short \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(at + i), 16);
            if (digit < 0) {
                throw bad("a \\u escape that is not hexadecimal");
            }
            value = value * 16 + digit;
        }
        at += 4;
        return (char) value;
    }

    private Long integer() {
        int start = at;
        if (at < text.length() && text.charAt(at) == '-') {
            at++;
        }
        int digits = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        if (at == digits || text.charAt(digits) == '0' && at - digits > 1) {
            throw bad("expected a string or an integer");
        }
        try {
            return Long.parseLong(text.substring(start, at));
        } catch (NumberFormatException e) {
            throw bad("an integer out of range");
        }
    }

    private void expect(char c) {
        if (next() != c) {
            throw bad("expected " + c);
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw bad("the line ends early");
        }
        return text.charAt(at);
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }

    private IllegalArgumentException bad(String why) {
        return new IllegalArgumentException(why + " at " + at + " of: " + text);
    }
}
