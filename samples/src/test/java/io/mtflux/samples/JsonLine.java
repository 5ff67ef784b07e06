package io.mtflux.samples;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict reader of the accounts CLI's lines for the tests: one flat JSON object of string and integer values,
 * keys in the order written. Anything else (nesting, other value types, trailing text, bad escapes) is refused.
 */
final class JsonLine {
    private final String text;
    private int at;

    private JsonLine(String text) {
        this.text = text;
    }

    /**
     * The object of {@code line}: key to {@code String} or {@code Long}, in the line's order.
     *
     * @throws IllegalArgumentException when the line is not such an object
     */
    static Map<String, Object> parse(String line) {
        return new JsonLine(line).object();
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
                Object value = peek() == '"' ? string() : number();
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
                throw bad("a raw control character in a string");
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
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw bad("a short \\u escape");
                    }
                    out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> throw bad("a bad escape \\" + e);
            }
        }
    }

    private Long number() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        if (at == start || text.charAt(start) == '0' && at - start > 1) {
            throw bad("expected a string or an integer");
        }
        return Long.parseLong(text.substring(start, at));
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
        return new IllegalArgumentException(why + " at " + at + " of " + text);
    }
}
