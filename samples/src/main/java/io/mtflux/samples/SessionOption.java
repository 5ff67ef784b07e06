package io.mtflux.samples;

import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.SessionFormatException;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.store.StringSessionStore;
import io.mtflux.core.store.codec.AuthKeyCipher;
import io.mtflux.core.store.codec.StringSession;
import io.mtflux.store.file.FileSessionStore;
import io.mtflux.store.r2dbc.R2dbcSessionStore;
import io.mtflux.store.redis.RedisSessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The login CLI's {@code --session} value: which {@link SessionStore} keeps the session and what to print after
 * the login. Each form is an {@link Opener}, tried in order; the plain path comes last. A new adapter (an
 * {@code r2dbc:} or {@code redis://} URL) is one more opener in {@link #OPENERS}.
 *
 * @param store the store to build the client with
 * @param accountId the account id in that store
 * @param report the line printed after a successful login (null: none)
 */
record SessionOption(SessionStore store, String accountId, Function<MtprotoClient, String> report) {
    static final String ACCOUNT = "default";
    private static final Duration OPEN = Duration.ofSeconds(30);

    /** One form of {@code --session}. */
    interface Opener {
        /** Whether this opener reads {@code value}. */
        boolean accepts(String value);

        /**
         * The option for {@code value} and the account {@code account}; bad values throw
         * {@link LoginCli.UsageException}.
         */
        SessionOption open(String value, String account, Map<String, String> env);
    }

    /** {@code string:} (a new session) or {@code string:<text>} (an mtflux, Telethon, GramJS, Pyrogram or mtcute
     * string): prints the mtflux string session after the login. */
    static final Opener STRING = new Opener() {
        @Override
        public boolean accepts(String value) {
            return value.startsWith("string:");
        }

        @Override
        public SessionOption open(String value, String account, Map<String, String> env) {
            String text = value.substring("string:".length());
            StringSessionStore store = new StringSessionStore();
            if (!text.isBlank()) {
                try {
                    store.put(account, text);
                } catch (SessionFormatException e) {
                    throw new LoginCli.UsageException("--session string: " + e.getMessage());
                }
            }
            return new SessionOption(store, account, client -> "session string: "
                + StringSession.encode(client.session()));
        }
    };

    /**
     * A file path: the session lives in that file, or, when the path is a directory, in that directory's file of the
     * account ({@code ACCOUNT.session}, the accounts runtime's form); encrypted when MTFLUX_SESSION_PASSPHRASE is set.
     */
    static final Opener FILE = new Opener() {
        @Override
        public boolean accepts(String value) {
            return !value.isBlank() && value.indexOf("://") < 0;
        }

        @Override
        public SessionOption open(String value, String account, Map<String, String> env) {
            Path file = Path.of(value);
            boolean directory = Files.isDirectory(file);
            FileSessionStore.Builder b = directory ? FileSessionStore.directory(file) : FileSessionStore.file(file);
            String passphrase = env.get("MTFLUX_SESSION_PASSPHRASE");
            if (passphrase != null && !passphrase.isEmpty()) {
                b.passphrase(passphrase.toCharArray());
            }
            if (directory) {
                return new SessionOption(b.build(), account, client -> "session directory: " + file + " (account "
                    + account + ")");
            }
            return new SessionOption(b.build(), account, client -> "session file: " + file);
        }
    };

    /**
     * {@code MTFLUX_SESSION_KEY}, when set: 64 hex digits, the AES-256 key that seals auth keys in a database or
     * Redis (null when unset).
     */
    static AuthKeyCipher sessionKey(Map<String, String> env) {
        String hex = env.get("MTFLUX_SESSION_KEY");
        if (hex == null || hex.isEmpty()) {
            return null;
        }
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new LoginCli.UsageException("MTFLUX_SESSION_KEY must be 64 hex digits (a 32-byte key)");
        }
        return AuthKeyCipher.of(HexFormat.of().parseHex(hex));
    }

    /** A URL without its user info (user name and password), for the line printed after the login. */
    static String redacted(String url) {
        return url.replaceFirst("^([a-z0-9:+.-]*//)[^/@]*@", "$1");
    }

    /** {@code r2dbc:postgresql://...} or {@code r2dbc:h2:...}: the session lives in that database. */
    static final Opener R2DBC = new Opener() {
        @Override
        public boolean accepts(String value) {
            return value.startsWith("r2dbc:");
        }

        @Override
        public SessionOption open(String value, String account, Map<String, String> env) {
            AuthKeyCipher cipher = sessionKey(env);
            R2dbcSessionStore store;
            try {
                store = R2dbcSessionStore.connect(value, cipher).block(OPEN);
            } catch (RuntimeException e) {
                throw new LoginCli.UsageException("--session " + redacted(value) + ": " + e.getMessage());
            }
            return new SessionOption(store, account, client -> "session database: " + redacted(value));
        }
    };

    /** {@code redis://...} or {@code rediss://...}: the session lives in that Redis. */
    static final Opener REDIS = new Opener() {
        @Override
        public boolean accepts(String value) {
            return value.startsWith("redis://") || value.startsWith("rediss://");
        }

        @Override
        public SessionOption open(String value, String account, Map<String, String> env) {
            AuthKeyCipher cipher = sessionKey(env);
            RedisSessionStore store;
            try {
                store = RedisSessionStore.builder(value).cipher(cipher).connect().block(OPEN);
            } catch (RuntimeException e) {
                throw new LoginCli.UsageException("--session " + redacted(value) + ": " + e.getMessage());
            }
            return new SessionOption(store, account, client -> "session redis: " + redacted(value));
        }
    };

    static final List<Opener> OPENERS = List.of(STRING, R2DBC, REDIS, FILE);

    /** The account ids {@code --account} takes: what every store keeps as a key and a file name. */
    private static final java.util.regex.Pattern ACCOUNT_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** {@code --session value} for the account {@code account} ({@code --account}, default {@value #ACCOUNT}). */
    static SessionOption resolve(String value, String account, Map<String, String> env) {
        if (!ACCOUNT_ID.matcher(account).matches() || account.startsWith(".")) {
            throw new LoginCli.UsageException("--account must be 1 to 64 letters, digits, '.', '_' or '-' (not"
                + " starting with '.'), got '" + (account.length() > 40 ? account.substring(0, 12) + "..." : account)
                + "'");
        }
        for (Opener opener : OPENERS) {
            if (opener.accepts(value)) {
                return opener.open(value, account, env);
            }
        }
        throw new LoginCli.UsageException("--session must be a file path, string:[TEXT], an r2dbc: URL or a redis:// "
            + "URL, got '"
            + (value.length() > 40 ? value.substring(0, 12) + "..." : value) + "'");
    }
}
