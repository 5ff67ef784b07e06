package io.mtflux.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.mtflux.accounts.AccountManager;
import io.mtflux.accounts.AccountSpec;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Where and how a {@link Console} serves; immutable, built with {@link #builder(AccountManager)}. Safe by default:
 * it binds to 127.0.0.1, makes a random access token, and keeps {@code /metrics} behind that token.
 * {@code toString()} never shows the token.
 */
public final class ConsoleOptions {
    /** The default bound on wrong codes and passwords per account and pending login. */
    public static final int DEFAULT_MAX_FAILED_ATTEMPTS = 5;

    private final AccountManager accounts;
    private final String host;
    private final int port;
    private final String token;
    private final boolean openMetrics;
    private final MeterRegistry meterRegistry;
    private final int maxFailedAttempts;
    private final Function<String, AccountSpec> newAccounts;
    private final String basePath;
    private final Function<HttpServerRequest, String> externalAccess;

    private ConsoleOptions(Builder b) {
        this.accounts = b.accounts;
        this.host = b.host;
        this.port = b.port;
        this.token = b.token != null ? b.token : randomToken();
        this.openMetrics = b.openMetrics;
        this.meterRegistry = b.meterRegistry;
        this.maxFailedAttempts = b.maxFailedAttempts;
        this.newAccounts = b.newAccounts;
        this.basePath = b.basePath;
        this.externalAccess = b.externalAccess;
    }

    /**
     * A builder for a console over these accounts.
     *
     * @param accounts the accounts the console serves
     * @return the builder
     */
    public static Builder builder(AccountManager accounts) {
        return new Builder(accounts);
    }

    /** @return the accounts the console serves */
    public AccountManager accounts() {
        return accounts;
    }

    /** @return the address it binds to, 127.0.0.1 unless told otherwise */
    public String host() {
        return host;
    }

    /** @return the port, 0 for any free one */
    public int port() {
        return port;
    }

    /**
     * The access token every page and API call needs. A secret: print it once, never log it.
     *
     * @return the token (random unless configured)
     */
    public String token() {
        return token;
    }

    /** @return true when {@code /metrics} answers without the bearer token */
    public boolean openMetrics() {
        return openMetrics;
    }

    /** @return the registry the dashboard and {@code /metrics} read, when not the accounts' own */
    public Optional<MeterRegistry> meterRegistry() {
        return Optional.ofNullable(meterRegistry);
    }

    /** @return how many wrong codes and passwords a pending login takes before it is dropped */
    public int maxFailedAttempts() {
        return maxFailedAttempts;
    }

    /** @return how the console adds an account it does not know yet (absent: unknown accounts get 404) */
    public Optional<Function<String, AccountSpec>> newAccounts() {
        return Optional.ofNullable(newAccounts);
    }

    /**
     * {@return the path every route is under: empty at the server's root, else {@code /a/b} (no trailing slash)}
     */
    public String basePath() {
        return basePath;
    }

    /**
     * {@return what gives a page the CSRF token of the application in front of the console, when that application
     * decides who may use it (see {@link Builder#externalAccess}); empty when the console's own token guards it}
     */
    public Optional<Function<HttpServerRequest, String>> externalAccess() {
        return Optional.ofNullable(externalAccess);
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "ConsoleOptions{host=" + host + ", port=" + port + ", token=<hidden>, openMetrics=" + openMetrics
            + ", maxFailedAttempts=" + maxFailedAttempts + ", basePath=" + basePath + ", access="
            + (externalAccess == null ? "token" : "external") + "}";
    }

    /** Builds {@link ConsoleOptions}. */
    public static final class Builder {
        private final AccountManager accounts;
        private String host = "127.0.0.1";
        private int port;
        private String token;
        private boolean openMetrics;
        private MeterRegistry meterRegistry;
        private int maxFailedAttempts = DEFAULT_MAX_FAILED_ATTEMPTS;
        private Function<String, AccountSpec> newAccounts;
        private String basePath = "";
        private Function<HttpServerRequest, String> externalAccess;

        private Builder(AccountManager accounts) {
            this.accounts = Objects.requireNonNull(accounts, "accounts");
        }

        /**
         * The address to bind to.
         *
         * @param host an address or host name; 127.0.0.1 by default
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The port to listen on.
         *
         * @param port 0 to 65535; 0 (the default) for any free port
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * A fixed access token instead of a random one.
         *
         * @param token at least 16 characters of [A-Za-z0-9_-]
         * @return this builder
         * @throws IllegalArgumentException when shorter or with other characters (the message does not show it)
         */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            if (token.length() < 16 || !token.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException(
                    "the console token needs at least 16 characters of A-Z, a-z, 0-9, '_' and '-'");
            }
            this.token = token;
            return this;
        }

        /**
         * Opens {@code /metrics} to scrapers without the bearer token (for a scraper on a trusted network).
         *
         * @param open true to open it
         * @return this builder
         */
        public Builder openMetrics(boolean open) {
            this.openMetrics = open;
            return this;
        }

        /**
         * The registry the dashboard and {@code /metrics} read; by default the accounts' (their
         * {@code ClientResources}' registry).
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The bound on wrong codes and passwords per pending login.
         *
         * @param attempts at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder maxFailedAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxFailedAttempts must be at least 1, got " + attempts);
            }
            this.maxFailedAttempts = attempts;
            return this;
        }

        /**
         * How to add an account the console is asked to log in but does not know (e.g. from a template with the
         * API credentials); without it such a request gets 404.
         *
         * @param specs the account spec for an account id
         * @return this builder
         */
        public Builder newAccounts(Function<String, AccountSpec> specs) {
            this.newAccounts = Objects.requireNonNull(specs, "specs");
            return this;
        }

        /**
         * Serves every route under {@code path} (default: the server's root), as when the console shares a server
         * with an application ({@code /mtflux}: the accounts page is {@code /mtflux/}, the API
         * {@code /mtflux/api/...}); the pages and scripts link under it, the session cookie's {@code Path} is it.
         *
         * @param path {@code /} or empty for the root, else {@code /} followed by segments of letters, digits,
         *     {@code -}, {@code _} and {@code .}, without a trailing {@code /}
         * @return this builder
         * @throws IllegalArgumentException for another form
         */
        public Builder basePath(String path) {
            Objects.requireNonNull(path, "path");
            if (path.isEmpty() || path.equals("/")) {
                this.basePath = "";
                return this;
            }
            if (!path.matches("(/[A-Za-z0-9._-]+)+") || path.contains("/./") || path.contains("/../")
                || path.endsWith("/.") || path.endsWith("/..")) {
                throw new IllegalArgumentException("the console's base path must be / or /segment[/segment...] of"
                    + " letters, digits, '-', '_' and '.', without a trailing '/', got '" + path + "'");
            }
            this.basePath = path;
            return this;
        }

        /**
         * Leaves the access decision to the application in front of the console (e.g. Spring Security in a Spring
         * Boot application): every request that reaches the console is let through; the console's token, cookie,
         * browser sessions and its own CSRF check are off (the application checks CSRF); the same-origin check of
         * changes and the security headers stay. Only for a console that no request reaches without passing the
         * application's checks.
         *
         * @param csrfTokens the CSRF token a page embeds for its scripts' POSTs (sent as {@code X-CSRF-Token}),
         *     the application's for this request; null or empty for none
         * @return this builder
         */
        public Builder externalAccess(Function<HttpServerRequest, String> csrfTokens) {
            this.externalAccess = Objects.requireNonNull(csrfTokens, "csrfTokens");
            return this;
        }

        /** @return the options */
        public ConsoleOptions build() {
            return new ConsoleOptions(this);
        }
    }
}
