package io.mtflux.accounts;

import io.micrometer.core.instrument.MeterRegistry;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link AccountManager} runs its accounts; immutable, {@link #mutate()} gives a builder holding it (as
 * {@code ClientOptions} does). {@code toString()} never shows the api_hash.
 */
public final class AccountManagerOptions {
    private final ClientResources resources;
    private final SessionStore sessionStore;
    private final ClientOptions clientTemplate;
    private final int apiId;
    private final String apiHash;
    private final MeterRegistry meterRegistry;
    private final boolean perAccountMetrics;
    private final Clock clock;
    private final Duration maxLoginFloodWait;
    private final int maxLoginFloodWaits;

    private AccountManagerOptions(Builder b) {
        this.resources = b.resources;
        this.sessionStore = b.sessionStore;
        this.clientTemplate = b.clientTemplate;
        this.apiId = b.apiId;
        this.apiHash = b.apiHash;
        this.meterRegistry = b.meterRegistry;
        this.perAccountMetrics = b.perAccountMetrics;
        this.clock = b.clock;
        this.maxLoginFloodWait = b.maxLoginFloodWait;
        this.maxLoginFloodWaits = b.maxLoginFloodWaits;
    }

    /** A builder: its own resources, an in-memory store, the client template is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder mutate() {
        return new Builder(this);
    }

    /** The shared resources; empty: the manager creates its own and shuts them down on close. */
    public Optional<ClientResources> resources() {
        return Optional.ofNullable(resources);
    }

    /** Where every account's session is kept, under its account id. */
    public SessionStore sessionStore() {
        return sessionStore;
    }

    /** What each account's client is made from (DCs, transport, retry, timeouts...). */
    public ClientOptions clientTemplate() {
        return clientTemplate;
    }

    /** Whether default credentials are set. */
    public boolean hasApiCredentials() {
        return apiHash != null;
    }

    /** The default api_id (0 when not set). */
    public int apiId() {
        return apiId;
    }

    /** The default api_hash (a secret), or null. */
    String apiHash() {
        return apiHash;
    }

    /** The registry of the manager's meters; empty: nothing measured. */
    public Optional<MeterRegistry> meterRegistry() {
        return Optional.ofNullable(meterRegistry);
    }

    /** Whether the counters carry an {@code account} tag (off by default: for small fleets). */
    public boolean perAccountMetrics() {
        return perAccountMetrics;
    }

    /** The clock of event times and flood-wait ends. */
    public Clock clock() {
        return clock;
    }

    /** A login flood wait longer than this ends that login with the FloodWaitException (the account still waits). */
    public Duration maxLoginFloodWait() {
        return maxLoginFloodWait;
    }

    /** How many flood waits one account's login in a pipeline waits out before it ends with the last one. */
    public int maxLoginFloodWaits() {
        return maxLoginFloodWaits;
    }

    @Override
    public String toString() {
        return "AccountManagerOptions{store=" + sessionStore.getClass().getSimpleName() + ", template="
            + clientTemplate + (apiHash == null ? "" : ", apiId=" + apiId + ", apiHash=<redacted>")
            + ", resources=" + (resources == null ? "own" : "shared") + ", metrics="
            + (meterRegistry == null ? "none" : perAccountMetrics ? "per account" : "on") + "}";
    }

    /** Builds {@link AccountManagerOptions}. */
    public static final class Builder {
        private ClientResources resources;
        private SessionStore sessionStore;
        private ClientOptions clientTemplate;
        private int apiId;
        private String apiHash;
        private MeterRegistry meterRegistry;
        private boolean perAccountMetrics;
        private Clock clock = Clock.systemUTC();
        private Duration maxLoginFloodWait = Duration.ofMinutes(10);
        private int maxLoginFloodWaits = 3;

        private Builder() {
        }

        private Builder(AccountManagerOptions o) {
            resources = o.resources;
            sessionStore = o.sessionStore;
            clientTemplate = o.clientTemplate;
            apiId = o.apiId;
            apiHash = o.apiHash;
            meterRegistry = o.meterRegistry;
            perAccountMetrics = o.perAccountMetrics;
            clock = o.clock;
            maxLoginFloodWait = o.maxLoginFloodWait;
            maxLoginFloodWaits = o.maxLoginFloodWaits;
        }

        /** Shared resources, owned by the caller (the manager never shuts them down). */
        public Builder resources(ClientResources value) {
            this.resources = Objects.requireNonNull(value, "resources");
            return this;
        }

        /** The store of every account's session (default: in memory). */
        public Builder sessionStore(SessionStore value) {
            this.sessionStore = Objects.requireNonNull(value, "sessionStore");
            return this;
        }

        /**
         * The options each account's client is made from; its session store, account id and resources are replaced
         * by the manager's, its credentials are the last default before the stored session's.
         */
        public Builder clientTemplate(ClientOptions value) {
            this.clientTemplate = Objects.requireNonNull(value, "clientTemplate");
            return this;
        }

        /** Default API credentials of accounts whose spec has none. */
        public Builder apiCredentials(int id, String hash) {
            Objects.requireNonNull(hash, "hash");
            if (id <= 0 || hash.isEmpty()) {
                throw new IllegalArgumentException("API credentials need a positive api_id and a non-empty api_hash");
            }
            this.apiId = id;
            this.apiHash = hash;
            return this;
        }

        /** Measure with this registry (Micrometer). */
        public Builder meterRegistry(MeterRegistry value) {
            this.meterRegistry = Objects.requireNonNull(value, "meterRegistry");
            return this;
        }

        /** Tag the counters with the account id too (a meter per account: small fleets only). */
        public Builder perAccountMetrics(boolean value) {
            this.perAccountMetrics = value;
            return this;
        }

        /** The clock of event times and flood-wait ends (default UTC system clock). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Longest login flood wait waited out (default 10 minutes); longer ones end the login with the error. */
        public Builder maxLoginFloodWait(Duration value) {
            Objects.requireNonNull(value, "maxLoginFloodWait");
            if (value.isNegative()) {
                throw new IllegalArgumentException("maxLoginFloodWait must not be negative, got " + value);
            }
            this.maxLoginFloodWait = value;
            return this;
        }

        /** Flood waits one login waits out (default 3; 0: none). */
        public Builder maxLoginFloodWaits(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxLoginFloodWaits must not be negative, got " + value);
            }
            this.maxLoginFloodWaits = value;
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalStateException without a client template
         */
        public AccountManagerOptions build() {
            if (clientTemplate == null) {
                throw new IllegalStateException("a client template is required (ClientOptions with the DCs to use)");
            }
            if (sessionStore == null) {
                sessionStore = new InMemorySessionStore();
            }
            return new AccountManagerOptions(this);
        }
    }
}
