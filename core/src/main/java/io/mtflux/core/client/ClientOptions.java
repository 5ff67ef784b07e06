package io.mtflux.core.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an {@link MtprotoClient} is configured with, as an immutable value: the app's API credentials, where
 * the DCs are, how to connect, where the session is kept and under which account, how calls are retried and
 * timed out, how reconnects back off, keepalive, migrations, metrics and the shared resources. Build one with
 * {@link #builder()}, derive variants with {@link #mutate()}; a configured value is a template many clients can
 * share (e.g. one per account, differing only in {@code accountId}).
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.builder()
 *     .apiId(12345).apiHash("0123456789abcdef0123456789abcdef")   // from my.telegram.org
 *     .sessionStore(store).accountId("ann")
 *     .build();                                                   // production DCs, TCP, default retries
 * MtprotoClient ann = MtprotoClient.create(options);
 * MtprotoClient bob = MtprotoClient.create(options.mutate().accountId("bob").build());
 * }</pre>
 *
 * <p>{@code toString()} never shows the api_hash.
 *
 * <p>The API credentials are saved in the session at the first login, so a client restarting a saved session may
 * leave them out: with an explicit {@link Builder#sessionStore} and neither {@code apiId} nor {@code apiHash}, the
 * client takes them from the stored session on {@code connect()} (and fails with
 * {@link ApiCredentialsMissingException} when it has none). Credentials given here always win over stored ones,
 * and the next login saves them in their place.
 */
public final class ClientOptions {
    private final int apiId;
    private final String apiHash;
    private final DcOptions dcOptions;
    private final ClientTransport transport;
    private final SessionStore sessionStore;
    private final String accountId;
    private final InitConnectionParams initConnection;
    private final RpcRetry retry;
    private final Duration requestTimeout;
    private final Duration keyExchangeTimeout;
    private final Duration pingInterval;
    private final Delay reconnectDelay;
    private final int maxConnectAttempts;
    private final int maxMigrations;
    private final MeterRegistry meterRegistry;
    private final ClientResources resources;
    private final Duration temporaryKeys;

    private ClientOptions(Builder b) {
        this.apiId = b.apiId;
        this.apiHash = b.apiHash;
        this.dcOptions = b.dcOptions;
        this.transport = b.transport;
        this.sessionStore = b.sessionStore;
        this.accountId = b.accountId;
        this.initConnection = b.initConnection;
        this.retry = b.retry;
        this.requestTimeout = b.requestTimeout;
        this.keyExchangeTimeout = b.keyExchangeTimeout;
        this.pingInterval = b.pingInterval;
        this.reconnectDelay = b.reconnectDelay;
        this.maxConnectAttempts = b.maxConnectAttempts;
        this.maxMigrations = b.maxMigrations;
        this.meterRegistry = b.meterRegistry;
        this.resources = b.resources;
        this.temporaryKeys = b.temporaryKeys;
    }

    /** {@return a builder with every default: production DCs, TCP, an in-memory session store, account "default"} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The defaults with these API credentials (production DCs, in-memory session): see {@link #builder()}.
     *
     * @param apiId the app's api_id
     * @param apiHash the app's api_hash (a secret)
     * @return the options
     */
    public static ClientOptions of(int apiId, String apiHash) {
        return builder().apiId(apiId).apiHash(apiHash).build();
    }

    /** {@return a builder holding these options, to change some of them} */
    public Builder mutate() {
        return new Builder(this);
    }

    /** {@return the app's api_id; 0 when left to the stored session (see {@link #hasApiCredentials()})} */
    public int apiId() {
        return apiId;
    }

    /** {@return the app's api_hash (a secret: never logged); null when left to the stored session} */
    public String apiHash() {
        return apiHash;
    }

    /** {@return whether these options carry the API credentials (false: the stored session's are used)} */
    public boolean hasApiCredentials() {
        return apiHash != null;
    }

    /** {@return where the DCs are and which RSA keys they prove themselves with} */
    public DcOptions dcOptions() {
        return dcOptions;
    }

    /** {@return how connections are opened} */
    public ClientTransport transport() {
        return transport;
    }

    /** {@return where the account's session (keys, home DC, user) is kept} */
    public SessionStore sessionStore() {
        return sessionStore;
    }

    /** {@return the key of this account in the session store} */
    public String accountId() {
        return accountId;
    }

    /** {@return what {@code initConnection} tells the server about the app} */
    public InitConnectionParams initConnection() {
        return initConnection;
    }

    /** {@return the retry policy of every call} */
    public RpcRetry retry() {
        return retry;
    }

    /** {@return how long one attempt of a call waits for its answer} */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** {@return how long a key exchange may wait for the DC's answers before its connection is replaced} */
    public Duration keyExchangeTimeout() {
        return keyExchangeTimeout;
    }

    /** {@return the keepalive period; a connection without a pong for one period is dropped} */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** {@return the wait before each reconnect attempt (attempt 0 follows the drop)} */
    public Delay reconnectDelay() {
        return reconnectDelay;
    }

    /** {@return failed connect attempts in a row before the callers waiting for a connection fail} */
    public int maxConnectAttempts() {
        return maxConnectAttempts;
    }

    /** {@return how many {@code *_MIGRATE_X} answers one call follows before the last one surfaces} */
    public int maxMigrations() {
        return maxMigrations;
    }

    /** {@return where metrics go; empty: the resources' registry if any, else nothing is measured} */
    public Optional<MeterRegistry> meterRegistry() {
        return Optional.ofNullable(meterRegistry);
    }

    /** {@return the shared event loops, timer, scheduler and random source; empty: {@link ClientResources#shared()}} */
    public Optional<ClientResources> resources() {
        return Optional.ofNullable(resources);
    }

    /**
     * Perfect forward secrecy: the lifetime ({@code expires_in}) of the temporary keys every connection binds to
     * the permanent key; empty when off (messages are then encrypted with the permanent key).
     *
     * @return the lifetime of the temporary keys, or empty
     */
    public Optional<Duration> temporaryKeys() {
        return Optional.ofNullable(temporaryKeys);
    }

    @Override
    public String toString() {
        return "ClientOptions{" + (hasApiCredentials() ? "apiId=" + apiId + ", apiHash=<redacted>"
            : "apiId/apiHash=from the session") + ", dcOptions=" + dcOptions.endpoints().size()
            + " endpoints (default DC " + dcOptions.defaultDc() + (dcOptions.testMode() ? ", test" : "")
            + "), transport=" + transport + ", sessionStore=" + sessionStore.getClass().getSimpleName()
            + ", accountId=" + accountId + ", retry=" + retry + ", requestTimeout=" + requestTimeout
            + ", keyExchangeTimeout=" + keyExchangeTimeout + ", pingInterval=" + pingInterval + ", reconnectDelay="
            + reconnectDelay + ", maxConnectAttempts="
            + maxConnectAttempts + ", maxMigrations=" + maxMigrations + ", meterRegistry="
            + (meterRegistry == null ? "none" : meterRegistry.getClass().getSimpleName()) + ", temporaryKeys="
            + (temporaryKeys == null ? "off" : temporaryKeys) + "}";
    }

    /**
     * Builds {@link ClientOptions}; every setter returns this builder. Only the API credentials are required, and
     * only when no {@link #sessionStore} is given (a stored session may carry them).
     */
    public static final class Builder {
        private int apiId;
        private String apiHash;
        private DcOptions dcOptions;
        private ClientTransport transport;
        private SessionStore sessionStore;
        private String accountId;
        private InitConnectionParams initConnection;
        private RpcRetry retry;
        private Duration requestTimeout;
        private Duration keyExchangeTimeout;
        private Duration pingInterval;
        private Delay reconnectDelay;
        private int maxConnectAttempts;
        private int maxMigrations;
        private MeterRegistry meterRegistry;
        private ClientResources resources;
        private Duration temporaryKeys;

        /** The defaults; {@link ClientOptions#mutate()} copies instead, without building them. */
        private Builder() {
            dcOptions = DcOptions.production();
            transport = ClientTransport.tcp();
            accountId = "default";
            initConnection = InitConnectionParams.defaults();
            retry = RpcRetry.defaults();
            requestTimeout = Duration.ofSeconds(60);
            keyExchangeTimeout = Duration.ofSeconds(30);
            pingInterval = Duration.ofSeconds(60);
            reconnectDelay = Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(30)).equalJitter();
            maxConnectAttempts = 5;
            maxMigrations = 5;
        }

        private Builder(ClientOptions o) {
            apiId = o.apiId;
            apiHash = o.apiHash;
            dcOptions = o.dcOptions;
            transport = o.transport;
            sessionStore = o.sessionStore;
            accountId = o.accountId;
            initConnection = o.initConnection;
            retry = o.retry;
            requestTimeout = o.requestTimeout;
            keyExchangeTimeout = o.keyExchangeTimeout;
            pingInterval = o.pingInterval;
            reconnectDelay = o.reconnectDelay;
            maxConnectAttempts = o.maxConnectAttempts;
            maxMigrations = o.maxMigrations;
            meterRegistry = o.meterRegistry;
            resources = o.resources;
            temporaryKeys = o.temporaryKeys;
        }

        /**
         * The app's api_id from my.telegram.org (> 0; required unless a saved session has it).
         *
         * @param value the api_id
         * @return this builder
         */
        public Builder apiId(int value) {
            this.apiId = value;
            return this;
        }

        /**
         * The app's api_hash from my.telegram.org (required unless a saved session has it).
         *
         * @param value the api_hash, a secret
         * @return this builder
         */
        public Builder apiHash(String value) {
            this.apiHash = Objects.requireNonNull(value, "apiHash");
            return this;
        }

        /**
         * Where the DCs are: {@link DcOptions#production()} (default), {@link DcOptions#test()}, or any server
         * with {@link DcOptions#of} (a testkit cluster gives its own with {@code cluster.dcOptions()}).
         *
         * @param value the DCs and their RSA keys
         * @return this builder
         */
        public Builder dcOptions(DcOptions value) {
            this.dcOptions = Objects.requireNonNull(value, "dcOptions");
            return this;
        }

        /**
         * How connections are opened (default {@link ClientTransport#tcp()}).
         *
         * @param value the transport
         * @return this builder
         */
        public Builder transport(ClientTransport value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /**
         * Where the session is kept (default: an {@link InMemorySessionStore} made by {@link #build()}, lost with
         * the process, and shared by the options later derived from it with {@link ClientOptions#mutate()}).
         *
         * @param value the store
         * @return this builder
         */
        public Builder sessionStore(SessionStore value) {
            this.sessionStore = Objects.requireNonNull(value, "sessionStore");
            return this;
        }

        /**
         * The key of this account in the session store (default "default").
         *
         * @param value a non-empty key
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is empty
         */
        public Builder accountId(String value) {
            Objects.requireNonNull(value, "accountId");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("accountId must not be empty");
            }
            this.accountId = value;
            return this;
        }

        /**
         * What {@code initConnection} reports (default {@link InitConnectionParams#defaults()}).
         *
         * @param value the app description
         * @return this builder
         */
        public Builder initConnection(InitConnectionParams value) {
            this.initConnection = Objects.requireNonNull(value, "initConnection");
            return this;
        }

        /**
         * The retry policy of every call (default {@link RpcRetry#defaults()}).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder retry(RpcRetry value) {
            this.retry = Objects.requireNonNull(value, "retry");
            return this;
        }

        /**
         * How long one attempt of a call waits for its answer (default 60 s).
         *
         * @param value a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is zero or negative
         */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = positive(value, "requestTimeout");
            return this;
        }

        /**
         * How long a key exchange may wait for the DC's answers (default 30 s): the keepalive starts only once a
         * connection is ready, so a DC that accepts a connection and never answers (a black hole) would otherwise
         * hold the exchange for ever. After the timeout the connection is replaced (with the reconnect backoff).
         *
         * @param value a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is zero or negative
         */
        public Builder keyExchangeTimeout(Duration value) {
            this.keyExchangeTimeout = positive(value, "keyExchangeTimeout");
            return this;
        }

        /**
         * The keepalive period (default 60 s): a {@code ping_delay_disconnect} goes out every period, and a connection
         * whose ping has no pong by the next one is dropped and replaced (a black-holed or half-open connection,
         * which no FIN or RST ends). Tests of such faults set it short, e.g. 1 s.
         *
         * @param value a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is zero or negative
         */
        public Builder pingInterval(Duration value) {
            this.pingInterval = positive(value, "pingInterval");
            return this;
        }

        /**
         * The wait before each reconnect attempt (default {@code Delay.exponential(100 ms, 30 s).equalJitter()};
         * the first attempt after a drop never waits more than 50 ms).
         *
         * @param value the delay policy
         * @return this builder
         */
        public Builder reconnectDelay(Delay value) {
            this.reconnectDelay = Objects.requireNonNull(value, "reconnectDelay");
            return this;
        }

        /**
         * Failed connect attempts in a row before waiting callers fail (default 5; reconnecting goes on).
         *
         * @param value at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is less than 1
         */
        public Builder maxConnectAttempts(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxConnectAttempts must be >= 1, got " + value);
            }
            this.maxConnectAttempts = value;
            return this;
        }

        /**
         * How many migrations one call follows, e.g. NETWORK_MIGRATE then PHONE_MIGRATE (default 5).
         *
         * @param value at least 0
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is negative
         */
        public Builder maxMigrations(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxMigrations must be >= 0, got " + value);
            }
            this.maxMigrations = value;
            return this;
        }

        /**
         * Records metrics (names under {@code mtproto.}) to this registry; it wins over the resources' one.
         * Micrometer is an optional dependency: without a registry nothing is measured and nothing costs.
         *
         * @param value the registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry value) {
            this.meterRegistry = Objects.requireNonNull(value, "meterRegistry");
            return this;
        }

        /**
         * The event loops, timer, scheduler and random source this client shares with others (default
         * {@link ClientResources#shared()}). The client's {@code close()} never shuts them down.
         *
         * @param value the shared resources
         * @return this builder
         */
        public Builder resources(ClientResources value) {
            this.resources = Objects.requireNonNull(value, "resources");
            return this;
        }

        /**
         * Perfect forward secrecy (https://core.telegram.org/api/pfs, docs/protocol.md 3.5): each connection creates a
         * temporary key that lives {@code expiresIn} on the server, binds it to the permanent key with
         * {@code auth.bindTempAuthKey} and encrypts everything with it; the permanent key only signs the bindings
         * and is the only key saved. A new temporary key replaces the old one before it expires (at 80 % of its life,
         * at most a minute early), and after every reconnect. Default: off; {@code null} turns it off.
         *
         * @param expiresIn the temporary keys' lifetime: whole seconds, at least one (Telegram's clients use a day)
         * @return this builder
         * @throws IllegalArgumentException for a zero, negative, fractional or too long lifetime
         */
        public Builder temporaryKeys(Duration expiresIn) {
            if (expiresIn != null) {
                if (expiresIn.compareTo(Duration.ofSeconds(1)) < 0) {
                    throw new IllegalArgumentException("temporaryKeys must be at least 1 second, got " + expiresIn);
                }
                if (expiresIn.getNano() != 0) {
                    throw new IllegalArgumentException("temporaryKeys is whole seconds (expires_in), got " + expiresIn);
                }
                if (expiresIn.getSeconds() > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("temporaryKeys must fit expires_in (an int of seconds), got "
                        + expiresIn);
                }
            }
            this.temporaryKeys = expiresIn;
            return this;
        }

        /**
         * The options.
         *
         * @return the options
         * @throws IllegalStateException when the api_id or api_hash is missing (both may be missing together when a
         *     session store is set: the stored session's are used)
         */
        public ClientOptions build() {
            boolean neither = apiId == 0 && apiHash == null;
            if (neither && sessionStore != null) {
                return new ClientOptions(this);
            }
            if (apiId <= 0) {
                throw new IllegalStateException("apiId is required (a positive number from my.telegram.org), unless"
                    + " both apiId and apiHash are left out and a sessionStore holds a session that saved them");
            }
            if (apiHash == null || apiHash.isEmpty()) {
                throw new IllegalStateException("apiHash is required (from my.telegram.org)");
            }
            if (sessionStore == null) {
                sessionStore = new InMemorySessionStore();
            }
            return new ClientOptions(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
