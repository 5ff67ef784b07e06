package io.mtflux.store.url;

import io.mtflux.core.store.StringSessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Opens a session store from one value, as the CLIs' {@code --session}/{@code --store} and the Spring Boot
 * starter's {@code mtflux.session.url} take it:
 * <ul>
 *   <li>{@code string:} (or {@code string:TEXT}): a {@link StringSessionStore} in memory, for one account;</li>
 *   <li>{@code r2dbc:postgresql://...}, {@code r2dbc:h2:...}: a database ({@code mtflux-session-store-r2dbc}
 *       and the driver);</li>
 *   <li>{@code redis://...}, {@code rediss://...}: Redis ({@code mtflux-session-store-redis});</li>
 *   <li>any other value without {@code ://}: a path ({@code mtflux-session-store-file}), an existing directory
 *       holding one file per account, else one session file.</li>
 * </ul>
 * The secrets come apart, in {@link StoreSecrets}. Opening does not block the caller's thread: files are looked at
 * on {@code Schedulers.boundedElastic()}, databases and Redis are connected to reactively.
 */
public final class SessionStores {
    /** The prefix of the in-memory form. */
    public static final String STRING_PREFIX = "string:";

    private static final String FILE_STORE = "io.mtflux.store.file.FileSessionStore";
    private static final String R2DBC_STORE = "io.mtflux.store.r2dbc.R2dbcSessionStore";
    private static final String REDIS_STORE = "io.mtflux.store.redis.RedisSessionStore";

    private SessionStores() {
    }

    /**
     * The form of {@code value}, from its text alone (a path is {@link StoreForm#FILE} here, whether or not it is a
     * directory).
     *
     * @param value the value
     * @return its form
     * @throws SessionStoreUrlException for a value of no form (blank, or an unknown {@code scheme://})
     */
    public static StoreForm formOf(String value) {
        Objects.requireNonNull(value, "value");
        if (value.startsWith(STRING_PREFIX)) {
            return StoreForm.STRING;
        }
        if (value.startsWith("r2dbc:")) {
            return StoreForm.DATABASE;
        }
        if (value.startsWith("redis://") || value.startsWith("rediss://")) {
            return StoreForm.REDIS;
        }
        if (!value.isBlank() && !value.contains("://")) {
            return StoreForm.FILE;
        }
        throw new SessionStoreUrlException("must be a file path, string:[TEXT], an r2dbc: URL or a redis:// URL,"
            + " got '" + redacted(value) + "'");
    }

    /**
     * The store of {@code value} without secrets: see {@link #open(String, StoreSecrets)}.
     *
     * @param value a path, {@code string:}, {@code r2dbc:...} or {@code redis://...}
     * @return the opened store, or an error
     */
    public static Mono<OpenedSessionStore> open(String value) {
        return open(value, StoreSecrets.none());
    }

    /**
     * The store of {@code value}. Errors, all without the URL's user name and password: a
     * {@link SessionStoreUrlException} (thrown here) for a value of no form,
     * {@link StoreAdapterMissingException} (thrown here) when its adapter is not on the class path, and a
     * {@link SessionStoreOpenException} (signalled) when the store cannot be reached.
     *
     * @param value a path, {@code string:}, {@code r2dbc:...} or {@code redis://...}
     * @param secrets the passphrase of session files and the key of database and Redis sessions
     * @return the opened store, or an error; close it with {@link OpenedSessionStore#close()}
     * @throws SessionStoreUrlException for a value of no form, or whose adapter is missing
     */
    public static Mono<OpenedSessionStore> open(String value, StoreSecrets secrets) {
        return open(value, secrets, SessionStores::present);
    }

    /**
     * A store that several processes (or a runtime of many accounts) can share: an existing directory, a database
     * or Redis; see {@link #open(String, StoreSecrets)}.
     *
     * @param value a directory, {@code r2dbc:...} or {@code redis://...}
     * @param secrets the passphrase of session files and the key of database and Redis sessions
     * @return the opened store, or an error: a {@link SessionStoreOpenException} for a path that is not an existing
     *     directory
     * @throws SessionStoreUrlException for a value of another form ({@code string:}, an unknown scheme), or whose
     *     adapter is missing
     */
    public static Mono<OpenedSessionStore> openShared(String value, StoreSecrets secrets) {
        StoreForm form = formOf(value);
        if (form == StoreForm.STRING) {
            throw new SessionStoreUrlException("must be a directory, an r2dbc: URL or a redis:// URL (string: keeps"
                + " one account in memory)");
        }
        return open(value, secrets).flatMap(opened -> opened.form().shared() ? Mono.just(opened)
            : opened.close().then(Mono.error(new SessionStoreOpenException(opened.shown() + ": no such directory"))));
    }

    static Mono<OpenedSessionStore> open(String value, StoreSecrets secrets, Predicate<String> present) {
        Objects.requireNonNull(secrets, "secrets");
        StoreForm form = formOf(value);
        String shown = redacted(value);
        switch (form) {
            case STRING:
                return Mono.fromSupplier(() -> new OpenedSessionStore(new StringSessionStore(), StoreForm.STRING,
                    STRING_PREFIX, Mono::empty));
            case DATABASE:
                require(present, R2DBC_STORE, form, shown, "mtflux-session-store-r2dbc");
                return R2dbcForm.open(value, shown, secrets);
            case REDIS:
                require(present, REDIS_STORE, form, shown, "mtflux-session-store-redis");
                return RedisForm.open(value, shown, secrets);
            default:
                require(present, FILE_STORE, form, Path.of(value).toString(), "mtflux-session-store-file");
                return Mono.fromCallable(() -> FileForm.open(Path.of(value), Files.isDirectory(Path.of(value)),
                    secrets)).subscribeOn(Schedulers.boundedElastic());
        }
    }

    /**
     * {@code url} without its user info (user name and password), for printing.
     *
     * @param url a URL or a path
     * @return the URL as it may be shown
     */
    public static String redacted(String url) {
        return url.replaceFirst("^([a-z0-9:+.-]*//)[^/@]*@", "$1");
    }

    /** {@code message} with the password of {@code url}, if any, masked: for messages of drivers. */
    static String scrubbed(String message, String url) {
        if (message == null) {
            return "";
        }
        int scheme = url.indexOf("//");
        int at = url.indexOf('@');
        if (scheme < 0 || at < scheme) {
            return message;
        }
        String userInfo = url.substring(scheme + 2, at);
        int colon = userInfo.indexOf(':');
        String out = message.replace(userInfo, "****");
        if (colon >= 0 && colon + 1 < userInfo.length()) {
            out = out.replace(userInfo.substring(colon + 1), "****");
        }
        return out;
    }

    private static void require(Predicate<String> present, String className, StoreForm form, String shown,
                                String artifactId) {
        if (!present.test(className)) {
            throw new StoreAdapterMissingException(form, shown, artifactId);
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, SessionStores.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
