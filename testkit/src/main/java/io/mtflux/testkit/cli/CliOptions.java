package io.mtflux.testkit.cli;

import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.api.Phones;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of the testkit jar, parsed and checked before anything starts.
 *
 * <pre>
 * --dcs N            DCs 1..N (default 3, at most 9)
 * --host H           listen and announce address (default 127.0.0.1)
 * --port P           DC i listens on P + i - 1 (default 0: free ports)
 * --rsa-key FILE     PEM RSA private key (default: a fresh 2048-bit key)
 * --user SPEC        repeatable: phone=..,dc=..,first=..,last=..,username=..,password=..,hint=..,code=..
 * --bot SPEC         repeatable: token=..,dc=..,first=..,username=..
 * --wss              serve wss:// too, with a self-signed certificate made at start
 * --tls-cert FILE    serve wss:// too, with this PEM certificate (and --tls-key FILE, its PEM private key)
 * </pre>
 *
 * <p>Every flag also takes the {@code --flag=value} form. Error messages name the flag and the key at fault but
 * never quote a password or a token.
 *
 * @param dcs the number of DCs
 * @param host the address every DC binds and announces
 * @param port the first DC's port, 0 for free ports
 * @param rsaKeyFile the PEM file of the RSA private key, or null to generate one
 * @param users the users to seed
 * @param bots the bots to seed
 * @param help whether only the usage was asked for
 * @param wss whether the DCs serve {@code wss://} too (with a self-signed certificate unless files are given)
 * @param tlsCertFile the PEM certificate of {@code wss://}, or null
 * @param tlsKeyFile the PEM private key of {@code wss://}, or null
 */
public record CliOptions(int dcs, String host, int port, Path rsaKeyFile, List<TestUser> users, List<TestBot> bots,
                         boolean help, boolean wss, Path tlsCertFile, Path tlsKeyFile) {
    /** The usage text of {@code --help}. */
    public static final String USAGE = String.join(System.lineSeparator(),
        "usage: java -jar mtflux-testkit.jar [flags]",
        "  --dcs N          number of DCs, 1..9 (default 3)",
        "  --host H         address to listen on and announce (default 127.0.0.1)",
        "  --port P         DC i listens on P+i-1 (default 0: free ports)",
        "  --rsa-key FILE   PEM RSA private key (default: generated)",
        "  --user SPEC      repeatable; phone=+15550001111,dc=2,first=Ann,last=Lee,username=ann,",
        "                   password=hunter2,hint=pet,code=12345 (all but phone optional)",
        "  --bot SPEC       repeatable; token=123456:AAE...,dc=2,first=Helper,username=helper_bot",
        "  --wss            serve wss:// too (self-signed certificate, printed in the first line)",
        "  --tls-cert FILE  serve wss:// too with this PEM certificate; needs --tls-key FILE (PEM key)",
        "Every DC serves MTProto over TCP and ws://HOST:PORT/apiws on its port (and wss:// with TLS).",
        "stdout: one JSON line with the DCs and the RSA public key, then one JSON event per line",
        "(code_sent). Runs until SIGTERM or until stdin is closed. Bad flags exit with 2.",
        "");

    private static final int MAX_DCS = 9;
    private static final int MAX_PORT = 65535;
    private static final List<String> USER_KEYS =
        List.of("phone", "dc", "first", "last", "username", "password", "hint", "code");
    private static final List<String> BOT_KEYS = List.of("token", "dc", "first", "username");

    /**
     * Copies the lists.
     *
     * @param dcs the number of DCs
     * @param host the address every DC binds and announces
     * @param port the first DC's port, 0 for free ports
     * @param rsaKeyFile the PEM file of the RSA private key, or null
     * @param users the users to seed
     * @param bots the bots to seed
     * @param help whether only the usage was asked for
     * @param wss whether the DCs serve {@code wss://} too
     * @param tlsCertFile the PEM certificate of {@code wss://}, or null
     * @param tlsKeyFile the PEM private key of {@code wss://}, or null
     */
    public CliOptions {
        users = List.copyOf(users);
        bots = List.copyOf(bots);
    }

    /**
     * @param args the command line
     * @return the options
     * @throws UsageException on anything unknown, missing or malformed
     */
    public static CliOptions parse(String... args) throws UsageException {
        int dcs = 3;
        String host = "127.0.0.1";
        int port = 0;
        Path rsaKeyFile = null;
        boolean wss = false;
        Path tlsCertFile = null;
        Path tlsKeyFile = null;
        List<Map<String, String>> userSpecs = new ArrayList<>();
        List<Map<String, String>> botSpecs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new CliOptions(dcs, host, port, null, List.of(), List.of(), true, false, null, null);
            }
            if (arg.equals("--wss")) {
                wss = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                if (arg.startsWith("-") && arg.length() > 1) {
                    throw new UsageException("unknown flag " + quotable(arg) + "; see --help");
                }
                int eq = arg.indexOf('=');
                // key=value: echo the key only, the value may be a password or a token
                throw new UsageException(eq < 0 ? "unexpected argument '" + quotable(arg) + "'; see --help"
                    : "unexpected argument '" + quotable(arg.substring(0, eq)) + "=...' (a --user or --bot spec is"
                    + " one argument: key=value,key=value)");
            }
            int eq = arg.indexOf('=');
            String flag = eq < 0 ? arg : arg.substring(0, eq);
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (isValueFlag(flag)) {
                if (i + 1 >= args.length) {
                    throw new UsageException(flag + " needs a value; see --help");
                }
                value = args[++i];
            } else {
                throw new UsageException("unknown flag " + flag + "; see --help");
            }
            switch (flag) {
                case "--dcs" -> dcs = number(flag, value, 1, MAX_DCS);
                case "--host" -> {
                    if (value.isBlank()) {
                        throw new UsageException("--host needs an address");
                    }
                    host = value;
                }
                case "--port" -> port = number(flag, value, 0, MAX_PORT);
                case "--rsa-key" -> {
                    if (value.isEmpty()) {
                        throw new UsageException("--rsa-key needs a file");
                    }
                    rsaKeyFile = Path.of(value);
                }
                case "--tls-cert" -> tlsCertFile = file(flag, value);
                case "--tls-key" -> tlsKeyFile = file(flag, value);
                case "--user" -> userSpecs.add(spec(flag, value, USER_KEYS));
                case "--bot" -> botSpecs.add(spec(flag, value, BOT_KEYS));
                default -> throw new UsageException("unknown flag " + flag + "; see --help");
            }
        }
        if ((tlsCertFile == null) != (tlsKeyFile == null)) {
            throw new UsageException("--tls-cert and --tls-key go together (a PEM certificate and its private key)");
        }
        if (port != 0 && port + dcs - 1 > MAX_PORT) {
            throw new UsageException("--port " + port + " leaves no room for " + dcs + " DCs (last port "
                + (port + dcs - 1) + " > " + MAX_PORT + ")");
        }
        List<TestUser> users = new ArrayList<>();
        Set<String> phones = new HashSet<>();
        for (Map<String, String> spec : userSpecs) {
            TestUser user = user(spec, dcs);
            if (!phones.add(Phones.normalize(user.phone()))) {
                throw new UsageException("--user phone=" + user.phone() + " is given twice");
            }
            users.add(user);
        }
        List<TestBot> bots = new ArrayList<>();
        Set<Long> botIds = new HashSet<>();
        for (Map<String, String> spec : botSpecs) {
            TestBot bot = bot(spec, dcs);
            if (!botIds.add(bot.id())) {
                throw new UsageException("--bot with id " + bot.id() + " is given twice");
            }
            bots.add(bot);
        }
        return new CliOptions(dcs, host, port, rsaKeyFile, users, bots, false, wss || tlsCertFile != null, tlsCertFile,
            tlsKeyFile);
    }

    private static boolean isValueFlag(String flag) {
        return switch (flag) {
            case "--dcs", "--host", "--port", "--rsa-key", "--user", "--bot", "--tls-cert", "--tls-key" -> true;
            default -> false;
        };
    }

    private static Path file(String flag, String value) throws UsageException {
        if (value.isEmpty()) {
            throw new UsageException(flag + " needs a file");
        }
        return Path.of(value);
    }

    private static int number(String flag, String value, int min, int max) throws UsageException {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + ": '" + quotable(value) + "' is not a number (" + min + ".." + max + ")");
        }
        if (n < min || n > max) {
            throw new UsageException(flag + ": " + n + " is out of range (" + min + ".." + max + ")");
        }
        return n;
    }

    /** {@code key=value,key=value}: keys from {@code allowed}, each at most once; a value may hold '='. */
    private static Map<String, String> spec(String flag, String value, List<String> allowed) throws UsageException {
        Map<String, String> map = new LinkedHashMap<>();
        if (value.isBlank()) {
            throw new UsageException(flag + " needs key=value pairs (" + String.join(", ", allowed) + ")");
        }
        for (String part : value.split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new UsageException(flag + ": expected key=value pairs separated by commas, got a part without"
                    + " a key (keys: " + String.join(", ", allowed) + ")");
            }
            String key = part.substring(0, eq).trim();
            if (!allowed.contains(key)) {
                throw new UsageException(flag + ": unknown key '" + quotable(key) + "' (keys: "
                    + String.join(", ", allowed) + ")");
            }
            if (map.put(key, part.substring(eq + 1)) != null) {
                throw new UsageException(flag + ": key '" + key + "' is given twice");
            }
        }
        return map;
    }

    private static TestUser user(Map<String, String> spec, int dcs) throws UsageException {
        String phone = spec.get("phone");
        if (phone == null) {
            throw new UsageException("--user needs phone=... (e.g. --user phone=+15550001111,dc=2)");
        }
        if (Phones.normalize(phone) == null) {
            throw new UsageException("--user phone='" + quotable(phone) + "' is not a phone number (5 to 15 digits,"
                + " optional leading +, spaces, dashes, dots, parentheses)");
        }
        TestUser user = TestUser.of(phone);
        if (spec.containsKey("dc")) {
            user = user.dc(number("--user dc", spec.get("dc"), 1, dcs));
        }
        String first = spec.get("first");
        String last = spec.get("last");
        if (first != null || last != null) {
            user = user.name(first != null ? first : "Test", last != null ? last : "");
        }
        if (spec.containsKey("username")) {
            user = user.username(nonEmpty("--user username", spec.get("username")));
        }
        String password = spec.get("password");
        if (password != null) {
            if (password.isEmpty()) {
                throw new UsageException("--user password= is empty (leave the key out for no 2FA)");
            }
            user = user.password(password, spec.get("hint"));
        } else if (spec.containsKey("hint")) {
            throw new UsageException("--user hint= needs password= too");
        }
        if (spec.containsKey("code")) {
            user = user.code(nonEmpty("--user code", spec.get("code")));
        }
        return user;
    }

    private static TestBot bot(Map<String, String> spec, int dcs) throws UsageException {
        String token = spec.get("token");
        if (token == null) {
            throw new UsageException("--bot needs token=<bot id>:<secret> (e.g. --bot token=123456:AAE...,dc=2)");
        }
        TestBot bot;
        try {
            bot = TestBot.of(token);
        } catch (IllegalArgumentException e) {
            // TestBot's messages describe the form only, never the token itself
            throw new UsageException("--bot token: " + e.getMessage());
        }
        if (spec.containsKey("dc")) {
            bot = bot.dc(number("--bot dc", spec.get("dc"), 1, dcs));
        }
        if (spec.containsKey("first")) {
            bot = bot.name(nonEmpty("--bot first", spec.get("first")));
        }
        if (spec.containsKey("username")) {
            bot = bot.username(nonEmpty("--bot username", spec.get("username")));
        }
        return bot;
    }

    private static String nonEmpty(String what, String value) throws UsageException {
        if (value.isEmpty()) {
            throw new UsageException(what + "= is empty");
        }
        return value;
    }

    /** Keeps an echoed value on one line and short. */
    private static String quotable(String value) {
        String oneLine = value.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 40 ? oneLine.substring(0, 40) + "..." : oneLine;
    }
}
