package io.mtflux.spring.boot;

import io.mtflux.store.url.SessionStoreUrlException;
import io.mtflux.store.url.SessionStores;
import io.mtflux.store.url.StoreSecrets;
import java.time.Duration;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.util.ClassUtils;

/**
 * The {@code mtflux.*} properties. Checked when bound: a bad combination fails the application's startup with a
 * {@link MtfluxPropertiesException}. {@code toString()} never shows the api_hash, the session passphrase or key,
 * or a password in the session URL.
 */
@ConfigurationProperties("mtflux")
public class MtfluxProperties implements InitializingBean, BeanClassLoaderAware {
    /** The TCP framings of {@code mtflux.transport}. */
    public enum Transport {
        /** Abridged framing. */
        ABRIDGED,
        /** Intermediate framing (the default). */
        INTERMEDIATE,
        /** Padded intermediate framing. */
        PADDED,
        /** Full framing (with sequence numbers and CRC32). */
        FULL,
        /** WebSocket ({@code ws://HOST:PORT/apiws} of mtflux.server, or Telegram's web endpoints). */
        WS,
        /** WebSocket over TLS ({@code wss://}; mtflux.tls-ca to trust a server's own certificates). */
        WSS;

        boolean isWebSocket() {
            return this == WS || this == WSS;
        }
    }

    /** The app's api_id from my.telegram.org; with mtflux.api-hash, an MtprotoClient bean is configured. */
    private Integer apiId;

    /** The app's api_hash from my.telegram.org (a secret: never logged). */
    private String apiHash;

    /** An MTProto server as HOST:PORT, instead of Telegram's DCs (with mtflux.dc-id and mtflux.rsa-public-key). */
    private String server;

    /** The DC id of mtflux.server. */
    private int dcId = 2;

    /**
     * The RSA public key (PEM) mtflux.server proves itself with, as a resource location (file:..., classpath:...);
     * unset: Telegram's production keys.
     */
    private Resource rsaPublicKey;

    /** Whether to use Telegram's test DCs instead of the production ones. */
    private boolean testDcs;

    /** The TCP framing. */
    private Transport transport = Transport.INTERMEDIATE;

    /** Whether the TCP connection is obfuscated (obfuscated2), as MTProxy and censored networks need. */
    private boolean obfuscated;

    /** PEM certificates (a file or resource location) trusted for wss:// instead of the JDK's trust store. */
    private Resource tlsCa;

    /**
     * A proxy to reach the DCs through: socks5://, socks4:// or http://HOST:PORT (USER:PASSWORD@ before the host
     * when it asks for them), or an MTProxy link (tg://proxy?server=...&port=...&secret=...).
     */
    private String proxy;

    /** The account id of the client bean's session in the session store. */
    private String accountId = "default";

    /** The application's class loader, where the console's checks look for classes. */
    private ClassLoader classLoader = MtfluxProperties.class.getClassLoader();

    /** Where sessions are kept. */
    private final Session session = new Session();

    /** The accounts runtime (mtflux-accounts). */
    private final Accounts accounts = new Accounts();

    /** The web console (mtflux-web) in the application's WebFlux server. */
    private final Console console = new Console();

    /** Which of the application's connections keeps sessions when {@code mtflux.session.url} is unset. */
    public enum SessionConnection {
        /**
         * The application's R2DBC ConnectionFactory, or its Lettuce connection factory, when it has exactly one of
         * them and the adapter is on the class path (both kinds: the startup fails); else in memory.
         */
        AUTO,
        /** The application's R2DBC ConnectionFactory; the startup fails without it or the adapter. */
        R2DBC,
        /**
         * The application's Lettuce RedisClient (Spring Data Redis's LettuceConnectionFactory, a standalone Redis);
         * the startup fails without it or the adapter.
         */
        REDIS,
        /** None: in memory. */
        NONE
    }

    /** Who decides the access to the console. */
    public enum ConsoleSecurity {
        /** The console's own access token (mtflux.console.token), cookie and CSRF guard. */
        TOKEN,
        /**
         * The application's Spring Security: the console lets through what reaches it, and embeds Spring's CSRF token
         * in its pages.
         */
        SPRING
    }

    /** The session store: {@code mtflux.session.*}. */
    public static class Session {
        /**
         * The store as one value, as the command-line tools take it: a directory (a file per account), a file,
         * string:, r2dbc:postgresql://..., r2dbc:h2:..., redis://...; unset: in memory.
         */
        private String url;

        /** The passphrase that encrypts session files (a secret). */
        private String passphrase;

        /** The AES-256 key (64 hex digits) that seals auth keys in a database or Redis (a secret). */
        private String key;

        /**
         * When url is unset: auto keeps sessions in the application's R2DBC ConnectionFactory (spring.r2dbc.*) or
         * Lettuce connection factory (spring.data.redis.*, a standalone Redis) when it has exactly one of them and
         * mtflux-session-store-r2dbc or -redis is on the class path, else in memory; r2dbc and redis require that
         * connection; none keeps them in memory.
         */
        private SessionConnection connection = SessionConnection.AUTO;

        /** {@return which of the application's connections keeps sessions when the url is unset} */
        public SessionConnection getConnection() {
            return connection;
        }

        /**
         * Sets which of the application's connections keeps sessions when the url is unset.
         *
         * @param connection auto, r2dbc, redis or none
         */
        public void setConnection(SessionConnection connection) {
            this.connection = connection;
        }

        /** {@return the store value; null: in memory} */
        public String getUrl() {
            return url;
        }

        /**
         * Sets the store value.
         *
         * @param url a path, string:, r2dbc:... or redis://...
         */
        public void setUrl(String url) {
            this.url = url;
        }

        /** {@return the passphrase of session files, or null} */
        public String getPassphrase() {
            return passphrase;
        }

        /**
         * Sets the passphrase of session files.
         *
         * @param passphrase the passphrase (a secret)
         */
        public void setPassphrase(String passphrase) {
            this.passphrase = passphrase;
        }

        /** {@return the key of database and Redis sessions (64 hex digits), or null} */
        public String getKey() {
            return key;
        }

        /**
         * Sets the key of database and Redis sessions.
         *
         * @param key 64 hex digits (a secret)
         */
        public void setKey(String key) {
            this.key = key;
        }

        /**
         * {@return the secrets of these properties}
         *
         * @throws MtfluxPropertiesException for a key that is not 64 hex digits
         */
        public StoreSecrets secrets() {
            StoreSecrets secrets = StoreSecrets.none();
            if (passphrase != null && !passphrase.isEmpty()) {
                secrets = secrets.passphrase(passphrase.toCharArray());
            }
            if (key != null && !key.isEmpty()) {
                try {
                    secrets = secrets.key("mtflux.session.key", key);
                } catch (SessionStoreUrlException e) {
                    throw new MtfluxPropertiesException(e.getMessage());
                }
            }
            return secrets;
        }

        @Override
        public String toString() {
            return "Session{url=" + (url == null ? "unset" : SessionStores.redacted(url)) + ", connection="
                + connection + ", passphrase=" + (passphrase == null ? "none" : "set") + ", key="
                + (key == null ? "none" : "set") + "}";
        }
    }

    /** The accounts runtime: {@code mtflux.accounts.*}. */
    public static class Accounts {
        /** Whether to configure an AccountManager bean (needs mtflux-accounts on the class path). */
        private boolean enabled;

        /** This instance's name, the holder of its leases; unset: mtflux-PID-RANDOM. */
        private String instance;

        /** The ttl of each account lease; unset: no leases (one instance owns the store). */
        private Duration leaseTtl;

        /** How long an authorized account goes without a call before it is parked; unset: never. */
        private Duration idleParkAfter;

        /** Whether the manager serves every account the store lists. */
        private boolean serveStore;

        /** {@return whether the AccountManager bean is configured} */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether the AccountManager bean is configured.
         *
         * @param enabled true to configure it
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return the instance name, or null for the default} */
        public String getInstance() {
            return instance;
        }

        /**
         * Sets the instance name.
         *
         * @param instance the holder name of this instance's leases
         */
        public void setInstance(String instance) {
            this.instance = instance;
        }

        /** {@return the lease ttl, or null for no leases} */
        public Duration getLeaseTtl() {
            return leaseTtl;
        }

        /**
         * Sets the lease ttl.
         *
         * @param leaseTtl the ttl of each account lease
         */
        public void setLeaseTtl(Duration leaseTtl) {
            this.leaseTtl = leaseTtl;
        }

        /** {@return the idle time before an account is parked, or null for never} */
        public Duration getIdleParkAfter() {
            return idleParkAfter;
        }

        /**
         * Sets the idle time before an account is parked.
         *
         * @param idleParkAfter how long an authorized account goes without a call before it is parked
         */
        public void setIdleParkAfter(Duration idleParkAfter) {
            this.idleParkAfter = idleParkAfter;
        }

        /** {@return whether the manager serves every account the store lists} */
        public boolean isServeStore() {
            return serveStore;
        }

        /**
         * Sets whether the manager serves every account the store lists.
         *
         * @param serveStore true to serve the store's accounts
         */
        public void setServeStore(boolean serveStore) {
            this.serveStore = serveStore;
        }

        @Override
        public String toString() {
            return "Accounts{enabled=" + enabled + ", instance=" + instance + ", leaseTtl=" + leaseTtl
                + ", idleParkAfter=" + idleParkAfter + ", serveStore=" + serveStore + "}";
        }
    }

    /** The web console: {@code mtflux.console.*}. */
    public static class Console {
        /** Whether to serve the web console (mtflux-web) in the application's WebFlux server (Reactor Netty). */
        private boolean enabled;

        /** The path the console is served under. */
        private String path = "/mtflux";

        /**
         * Who decides the access: token (the console's own token, cookie and CSRF guard) or spring (Spring Security).
         */
        private ConsoleSecurity security = ConsoleSecurity.TOKEN;

        /**
         * The console's access token (a secret: 16+ characters of A-Z, a-z, 0-9, _ and -); needed with
         * security=token.
         */
        private String token;

        /** Whether /metrics under the console's path is served without the token (for scrapers). */
        private boolean openMetrics;

        /** {@return whether the console is served} */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether the console is served.
         *
         * @param enabled true to serve it
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return the path the console is served under} */
        public String getPath() {
            return path;
        }

        /**
         * Sets the path the console is served under.
         *
         * @param path {@code /segment[/segment...]}
         */
        public void setPath(String path) {
            this.path = path;
        }

        /** {@return who decides the access} */
        public ConsoleSecurity getSecurity() {
            return security;
        }

        /**
         * Sets who decides the access.
         *
         * @param security token or spring
         */
        public void setSecurity(ConsoleSecurity security) {
            this.security = security;
        }

        /** {@return the access token (a secret), or null} */
        public String getToken() {
            return token;
        }

        /**
         * Sets the access token.
         *
         * @param token the token (a secret)
         */
        public void setToken(String token) {
            this.token = token;
        }

        /** {@return whether /metrics needs no token} */
        public boolean isOpenMetrics() {
            return openMetrics;
        }

        /**
         * Sets whether /metrics needs no token.
         *
         * @param openMetrics true to open it
         */
        public void setOpenMetrics(boolean openMetrics) {
            this.openMetrics = openMetrics;
        }

        @Override
        public String toString() {
            return "Console{enabled=" + enabled + ", path=" + path + ", security=" + security + ", token="
                + (token == null ? "none" : "<hidden>") + ", openMetrics=" + openMetrics + "}";
        }
    }

    /** Properties with every default. */
    public MtfluxProperties() {
    }

    /**
     * Checks the combination of the bound values.
     *
     * @throws MtfluxPropertiesException for values that do not go together or are malformed (the message names the
     *     property and shows no secret)
     */
    @Override
    public void afterPropertiesSet() {
        boolean hasHash = apiHash != null && !apiHash.isEmpty();
        if (apiId != null && !hasHash) {
            throw new MtfluxPropertiesException("mtflux.api-id is set but mtflux.api-hash is not: set both, or"
                + " neither");
        }
        if (apiId == null && hasHash) {
            throw new MtfluxPropertiesException("mtflux.api-hash is set but mtflux.api-id is not: set both, or"
                + " neither");
        }
        if (apiId != null && apiId <= 0) {
            throw new MtfluxPropertiesException("mtflux.api-id must be a positive number, got " + apiId);
        }
        if (server != null) {
            MtfluxConnection.endpoint(server, dcId);
            if (testDcs) {
                throw new MtfluxPropertiesException("mtflux.server and mtflux.test-dcs do not go together");
            }
        } else if (rsaPublicKey != null) {
            throw new MtfluxPropertiesException("mtflux.rsa-public-key goes with mtflux.server");
        }
        if (session.url != null) {
            try {
                SessionStores.formOf(session.url);
            } catch (SessionStoreUrlException e) {
                throw new MtfluxPropertiesException("mtflux.session.url " + e.getMessage());
            }
        }
        session.secrets();
        if ((session.connection == SessionConnection.R2DBC || session.connection == SessionConnection.REDIS)
            && session.url != null) {
            throw new MtfluxPropertiesException("mtflux.session.url and mtflux.session.connection="
                + session.connection.name().toLowerCase(java.util.Locale.ROOT) + " do not go together: the url"
                + " opens its own store");
        }
        if (console.enabled) {
            checkConsole();
        }
        if (accounts.leaseTtl != null && (accounts.leaseTtl.isZero() || accounts.leaseTtl.isNegative())) {
            throw new MtfluxPropertiesException("mtflux.accounts.lease-ttl must be positive, got "
                + accounts.leaseTtl);
        }
    }

    /**
     * Sets the application's class loader (Spring does), where the checks look for optional modules.
     *
     * @param classLoader the class loader
     */
    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    private void checkConsole() {
        if (!ClassUtils.isPresent("io.mtflux.web.ConsoleHandler", classLoader)) {
            throw new MtfluxPropertiesException("mtflux.console.enabled needs io.mtflux:mtflux-web on the class"
                + " path");
        }
        if (!accounts.enabled) {
            throw new MtfluxPropertiesException("mtflux.console.enabled needs mtflux.accounts.enabled=true: the"
                + " console serves the accounts runtime");
        }
        String path = console.path;
        if (path == null || !path.matches("(/[A-Za-z0-9._-]+)+") || path.matches(".*/\\.{1,2}(/.*)?")) {
            throw new MtfluxPropertiesException("mtflux.console.path must be /segment[/segment...] of letters,"
                + " digits, '-', '_' and '.', without a trailing '/', got '" + path + "'");
        }
        if (console.security == ConsoleSecurity.TOKEN) {
            if (console.token == null || console.token.isEmpty()) {
                throw new MtfluxPropertiesException("mtflux.console.token is not set: set it (16 or more characters"
                    + " of A-Z, a-z, 0-9, '_' and '-'), or mtflux.console.security=spring");
            }
            if (console.token.length() < 16 || !console.token.matches("[A-Za-z0-9_-]+")) {
                throw new MtfluxPropertiesException("mtflux.console.token needs 16 or more characters of A-Z, a-z,"
                    + " 0-9, '_' and '-'");
            }
        } else if (!ClassUtils.isPresent("org.springframework.security.web.server.SecurityWebFilterChain",
            classLoader)) {
            throw new MtfluxPropertiesException("mtflux.console.security=spring needs Spring Security for WebFlux"
                + " (spring-boot-starter-security) on the class path");
        }
    }

    /** {@return the api_id, or null when unset} */
    public Integer getApiId() {
        return apiId;
    }

    /**
     * Sets the api_id.
     *
     * @param apiId the app's api_id
     */
    public void setApiId(Integer apiId) {
        this.apiId = apiId;
    }

    /** {@return the api_hash (a secret), or null when unset} */
    public String getApiHash() {
        return apiHash;
    }

    /**
     * Sets the api_hash.
     *
     * @param apiHash the app's api_hash (a secret)
     */
    public void setApiHash(String apiHash) {
        this.apiHash = apiHash;
    }

    /** {@return the server as HOST:PORT, or null for Telegram's DCs} */
    public String getServer() {
        return server;
    }

    /**
     * Sets the server.
     *
     * @param server HOST:PORT of an MTProto server
     */
    public void setServer(String server) {
        this.server = server;
    }

    /** {@return the DC id of the server} */
    public int getDcId() {
        return dcId;
    }

    /**
     * Sets the DC id of the server.
     *
     * @param dcId the DC id
     */
    public void setDcId(int dcId) {
        this.dcId = dcId;
    }

    /** {@return the RSA public key of the server, or null for Telegram's production keys} */
    public Resource getRsaPublicKey() {
        return rsaPublicKey;
    }

    /**
     * Sets the RSA public key of the server.
     *
     * @param rsaPublicKey a PEM resource
     */
    public void setRsaPublicKey(Resource rsaPublicKey) {
        this.rsaPublicKey = rsaPublicKey;
    }

    /** {@return whether Telegram's test DCs are used} */
    public boolean isTestDcs() {
        return testDcs;
    }

    /**
     * Sets whether Telegram's test DCs are used.
     *
     * @param testDcs true for the test DCs
     */
    public void setTestDcs(boolean testDcs) {
        this.testDcs = testDcs;
    }

    /** {@return the TCP framing} */
    public Transport getTransport() {
        return transport;
    }

    /**
     * Sets the TCP framing.
     *
     * @param transport the framing
     */
    public void setTransport(Transport transport) {
        this.transport = transport;
    }

    /** {@return whether the TCP connection is obfuscated} */
    public boolean isObfuscated() {
        return obfuscated;
    }

    /**
     * Sets whether the TCP connection is obfuscated.
     *
     * @param obfuscated true for obfuscated2
     */
    public void setObfuscated(boolean obfuscated) {
        this.obfuscated = obfuscated;
    }

    /** {@return the PEM certificates trusted for wss://, or null for the JDK's trust store} */
    public Resource getTlsCa() {
        return tlsCa;
    }

    /**
     * Sets the PEM certificates trusted for wss://.
     *
     * @param tlsCa a resource location of PEM certificates
     */
    public void setTlsCa(Resource tlsCa) {
        this.tlsCa = tlsCa;
    }

    /** {@return the proxy URL or MTProxy link, or null for none} */
    public String getProxy() {
        return proxy;
    }

    /**
     * Sets the proxy to reach the DCs through.
     *
     * @param proxy a socks5://, socks4:// or http:// URL, or a tg://proxy link
     */
    public void setProxy(String proxy) {
        this.proxy = proxy;
    }

    /** {@return the account id of the client bean} */
    public String getAccountId() {
        return accountId;
    }

    /**
     * Sets the account id of the client bean.
     *
     * @param accountId the account id in the session store
     */
    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    /** {@return the session store properties} */
    public Session getSession() {
        return session;
    }

    /** {@return the accounts runtime properties} */
    public Accounts getAccounts() {
        return accounts;
    }

    /** {@return the web console properties} */
    public Console getConsole() {
        return console;
    }

    @Override
    public String toString() {
        return "MtfluxProperties{apiId=" + apiId + ", apiHash=" + (apiHash == null ? "none" : "<hidden>")
            + ", server=" + server + ", dcId=" + dcId + ", rsaPublicKey=" + rsaPublicKey + ", testDcs=" + testDcs
            + ", transport=" + transport + ", obfuscated=" + obfuscated
            + ", tlsCa=" + tlsCa + ", proxy=" + (proxy == null ? "none" : "<hidden>") + ", accountId=" + accountId
            + ", "
            + session + ", " + accounts + ", " + console + "}";
    }
}
