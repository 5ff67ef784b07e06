package io.mtflux.samples;

import io.mtflux.core.store.SessionStore;
import io.mtflux.core.store.StringSessionStore;
import io.mtflux.core.store.codec.AuthKeyCipher;
import io.mtflux.store.file.FileSessionStore;
import io.mtflux.store.r2dbc.R2dbcSessionStore;
import io.mtflux.store.redis.RedisSessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A session store named by one command-line value: the login CLI's {@code --session}, the accounts CLI's
 * {@code --store}. Each form is an {@link Opener}, tried in order ({@link #OPENERS}); the plain path comes last. A new
 * adapter is one more opener.
 *
 * @param store the opened store
 * @param form which form the value had
 * @param shown the value as it may be printed: a URL without its user name and password
 * @param closer closes what opening made (a connection pool, a Redis client); nothing for the others
 */
record StoreOption(SessionStore store, Form form, String shown, Supplier<Mono<Void>> closer) {
    private static final Duration OPEN = Duration.ofSeconds(30);

    /** The forms of the value. */
    enum Form {
        /** {@code string:[TEXT]}: in memory, one account. */
        STRING,
        /** A path that is not a directory: one session file. */
        FILE,
        /** An existing directory: one {@code ACCOUNT.session} file per account. */
        DIRECTORY,
        /** {@code r2dbc:...}: a database. */
        DATABASE,
        /** {@code redis://...} or {@code rediss://...}. */
        REDIS
    }

    /** One form of the value. */
    interface Opener {
        /** Whether this opener reads {@code value}. */
        boolean accepts(String value);

        /**
         * Opens the store of {@code value}, named {@code flag} in messages.
         *
         * @throws UsageException for a malformed value or environment (e.g. a bad {@code MTFLUX_SESSION_KEY})
         * @throws StoreOpenException when the store cannot be reached
         */
        StoreOption open(String value, String flag, Map<String, String> env);
    }

    /** {@code string:} or {@code string:<text>}: a {@link StringSessionStore} (the text is put by the caller). */
    static final Opener STRING = new Opener() {
        @Override
        public boolean accepts(String value) {
            return value.startsWith("string:");
        }

        @Override
        public StoreOption open(String value, String flag, Map<String, String> env) {
            return new StoreOption(new StringSessionStore(), Form.STRING, "string:", Mono::empty);
        }
    };

    /**
     * A path: a directory keeps one {@code ACCOUNT.session} file per account (the accounts runtime's form), another
     * path one session file; encrypted when {@code MTFLUX_SESSION_PASSPHRASE} is set.
     */
    static final Opener FILE = new Opener() {
        @Override
        public boolean accepts(String value) {
            return !value.isBlank() && value.indexOf("://") < 0;
        }

        @Override
        public StoreOption open(String value, String flag, Map<String, String> env) {
            Path file = Path.of(value);
            boolean directory = Files.isDirectory(file);
            FileSessionStore.Builder b = directory ? FileSessionStore.directory(file) : FileSessionStore.file(file);
            String passphrase = env.get("MTFLUX_SESSION_PASSPHRASE");
            if (passphrase != null && !passphrase.isEmpty()) {
                b.passphrase(passphrase.toCharArray());
            }
            return new StoreOption(b.build(), directory ? Form.DIRECTORY : Form.FILE, file.toString(), Mono::empty);
        }
    };

    /** {@code r2dbc:postgresql://...} or {@code r2dbc:h2:...}: the sessions live in that database. */
    static final Opener R2DBC = new Opener() {
        @Override
        public boolean accepts(String value) {
            return value.startsWith("r2dbc:");
        }

        @Override
        public StoreOption open(String value, String flag, Map<String, String> env) {
            AuthKeyCipher cipher = sessionKey(env);
            R2dbcSessionStore store;
            try {
                store = R2dbcSessionStore.connect(value, cipher).block(OPEN);
            } catch (RuntimeException e) {
                throw new StoreOpenException(flag + " " + redacted(value) + ": " + e.getMessage());
            }
            return new StoreOption(store, Form.DATABASE, redacted(value), store::close);
        }
    };

    /** {@code redis://...} or {@code rediss://...}: the sessions live in that Redis. */
    static final Opener REDIS = new Opener() {
        @Override
        public boolean accepts(String value) {
            return value.startsWith("redis://") || value.startsWith("rediss://");
        }

        @Override
        public StoreOption open(String value, String flag, Map<String, String> env) {
            AuthKeyCipher cipher = sessionKey(env);
            RedisSessionStore store;
            try {
                store = RedisSessionStore.builder(value).cipher(cipher).connect().block(OPEN);
            } catch (RuntimeException e) {
                throw new StoreOpenException(flag + " " + redacted(value) + ": " + e.getMessage());
            }
            return new StoreOption(store, Form.REDIS, redacted(value), store::close);
        }
    };

    static final List<Opener> OPENERS = List.of(STRING, R2DBC, REDIS, FILE);

    /**
     * The store of {@code value}, the value of {@code flag}.
     *
     * @throws UsageException for a value of no form, or a malformed one
     * @throws StoreOpenException when the store cannot be reached
     */
    static StoreOption open(String value, String flag, Map<String, String> env) {
        for (Opener opener : OPENERS) {
            if (opener.accepts(value)) {
                return opener.open(value, flag, env);
            }
        }
        throw new UsageException(flag + " must be a file path, string:[TEXT], an r2dbc: URL or a redis:// URL, got '"
            + Flags.shown(value) + "'");
    }

    /**
     * A store of many accounts that several processes can share: a directory, a database or Redis.
     *
     * @throws UsageException for a value of another form ({@code string:}, an unknown scheme)
     * @throws StoreOpenException for a path that is not an existing directory, or a store that cannot be reached
     */
    static StoreOption openShared(String value, String flag, Map<String, String> env) {
        if (STRING.accepts(value)) {
            throw new UsageException(flag + " must be a directory, an r2dbc: URL or a redis:// URL (string: keeps one"
                + " account in memory)");
        }
        if (FILE.accepts(value) && !Files.isDirectory(Path.of(value))) {
            throw new StoreOpenException(flag + " " + value + ": no such directory");
        }
        if (!FILE.accepts(value) && !R2DBC.accepts(value) && !REDIS.accepts(value)) {
            throw new UsageException(flag + " must be a directory, an r2dbc: URL or a redis:// URL, got '"
                + Flags.shown(value) + "'");
        }
        return open(value, flag, env);
    }

    /** Closes what opening made; never fails. */
    Mono<Void> close() {
        return Mono.defer(closer).onErrorResume(e -> Mono.empty());
    }

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
            throw new UsageException("MTFLUX_SESSION_KEY must be 64 hex digits (a 32-byte key)");
        }
        return AuthKeyCipher.of(HexFormat.of().parseHex(hex));
    }

    /** A URL without its user info (user name and password), for printing. */
    static String redacted(String url) {
        return url.replaceFirst("^([a-z0-9:+.-]*//)[^/@]*@", "$1");
    }

    @Override
    public String toString() {
        return "StoreOption{" + form + " " + shown + "}";
    }
}
