package io.mtflux.testkit.api;

/**
 * Phone numbers as the cluster keys them: digits only. Spaces, dashes, dots, parentheses and one leading
 * {@code +} are ignored (mtcute strips the {@code +}, GramJS keeps it). Test numbers {@code 99966XYYYY} follow
 * Telegram's test-DC convention (docs/protocol.md 6.7): home DC X, login code X repeated.
 */
public final class Phones {
    private static final int MIN_DIGITS = 5;
    private static final int MAX_DIGITS = 15;

    private Phones() {
    }

    /**
     * @param raw a phone number as a client sent it
     * @return its digits, or null when it is not a phone number (other characters, under 5 or over 15 digits)
     */
    public static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder digits = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && digits.length() == 0 && raw.indexOf('+', i + 1) < 0) {
                continue;
            } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
                return null;
            }
        }
        return digits.length() >= MIN_DIGITS && digits.length() <= MAX_DIGITS ? digits.toString() : null;
    }

    /**
     * @param phone a normalized number
     * @return X for a test number {@code 99966XYYYY} (X in 1..9), else 0
     */
    public static int testNumberDc(String phone) {
        if (phone.length() == 10 && phone.startsWith("99966")) {
            int x = phone.charAt(5) - '0';
            return x >= 1 ? x : 0;
        }
        return 0;
    }

    /**
     * @param x the test number's DC digit
     * @param length the code length
     * @return X repeated {@code length} times
     */
    public static String testNumberCode(int x, int length) {
        return String.valueOf((char) ('0' + x)).repeat(length);
    }
}
