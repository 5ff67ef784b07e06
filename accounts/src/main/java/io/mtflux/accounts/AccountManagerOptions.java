package io.mtflux.accounts;

import io.micrometer.core.instrument.MeterRegistry;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionLeases;
import io.mtflux.core.store.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
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
    private final String instance;
    private final Duration leaseTtl;
    private final Duration leaseRenewEvery;
    private final boolean serveStore;
    private final Duration rescanEvery;
    private final Duration idleParkAfter;
    private final Duration wakeEvery;
    private final boolean startParked;

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
        this.instance = b.instance;
        this.leaseTtl = b.leaseTtl;
        this.leaseRenewEvery = b.leaseRenewEvery;
        this.serveStore = b.serveStore;
        this.rescanEvery = b.rescanEvery;
        this.idleParkAfter = b.idleParkAfter;
        this.wakeEvery = b.wakeEvery;
        this.startParked = b.startParked;
    }

    /**
     * A builder: by default the manager makes its own resources and keeps sessions in memory; the client template
     * is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these options, to change some of them} */
    public Builder mutate() {
        return new Builder(this);
    }

    /** {@return the shared resources; empty: the manager creates its own and shuts them down on close} */
    public Optional<ClientResources> resources() {
        return Optional.ofNullable(resources);
    }

    /** {@return where every account's session is kept, under its account id} */
    public SessionStore sessionStore() {
        return sessionStore;
    }

    /** {@return what each account's client is made from (DCs, transport, retry, timeouts...)} */
    public ClientOptions clientTemplate() {
        return clientTemplate;
    }

    /** {@return whether default API credentials are set, for accounts whose spec has none} */
    public boolean hasApiCredentials() {
        return apiHash != null;
    }

    /** {@return the default api_id; 0 when not set} */
    public int apiId() {
        return apiId;
    }

    /** The default api_hash (a secret), or null. */
    String apiHash() {
        return apiHash;
    }

    /** {@return the registry of the manager's meters; empty: nothing measured} */
    public Optional<MeterRegistry> meterRegistry() {
        return Optional.ofNullable(meterRegistry);
    }

    /** {@return whether the counters carry an {@code account} tag (off by default: for small fleets)} */
    public boolean perAccountMetrics() {
        return perAccountMetrics;
    }

    /** {@return the clock of event times and flood-wait ends} */
    public Clock clock() {
        return clock;
    }

    /**
     * {@return the longest login flood wait waited out} A longer one ends that login with the
     * {@code FloodWaitException} (the account still waits it out).
     */
    public Duration maxLoginFloodWait() {
        return maxLoginFloodWait;
    }

    /**
     * {@return how many flood waits one account's login in a pipeline waits out} One more ends the login with that
     * flood wait's error.
     */
    public int maxLoginFloodWaits() {
        return maxLoginFloodWaits;
    }

    /** {@return this instance's name: the holder of its leases (default {@code mtflux-<pid>-<random hex>})} */
    public String instance() {
        return instance;
    }

    /** {@return whether accounts run under leases ({@link Builder#leaseTtl} set)} */
    public boolean leased() {
        return leaseTtl != null;
    }

    /** {@return the ttl of each account lease; empty: no leases (one instance owns the store)} */
    public Optional<Duration> leaseTtl() {
        return Optional.ofNullable(leaseTtl);
    }

    /** {@return how often leases are renewed (default a third of the ttl); null without leases} */
    public Duration leaseRenewEvery() {
        return leaseRenewEvery;
    }

    /** {@return whether the manager serves every account the store lists (found again every {@link #rescanEvery()})} */
    public boolean serveStore() {
        return serveStore;
    }

    /**
     * {@return how often the manager looks at the store again} It looks for new accounts (with
     * {@link #serveStore()}), free leases and the fair share. Default: three quarters of the renew interval with
     * leases, so that with its jitter of up to a quarter a round still follows the expiry of a dead instance's leases
     * within one renew interval; else 30 s.
     */
    public Duration rescanEvery() {
        return rescanEvery;
    }

    /** {@return how long an authorized account goes without a call before it is parked; empty: never (the default)} */
    public Optional<Duration> idleParkAfter() {
        return Optional.ofNullable(idleParkAfter);
    }

    /**
     * {@return how often parked accounts are woken to catch up with their updates; empty: never (the default)} Each
     * is woken at its own jittered time, between half and one and a half of this after it was parked, and parked
     * again unless a call came meanwhile.
     */
    public Optional<Duration> wakeEvery() {
        return Optional.ofNullable(wakeEvery);
    }

    /**
     * {@return whether {@code startAll()} (and the lease balancer) start accounts with a stored login parked} A
     * parked account opens no connection until a call, the schedule or {@code wake(id)}; an account without a login
     * is started as usual.
     */
    public boolean startParked() {
        return startParked;
    }

    @Override
    public String toString() {
        return "AccountManagerOptions{instance=" + instance + ", store=" + sessionStore.getClass().getSimpleName()
            + (leaseTtl == null ? "" : ", leaseTtl=" + leaseTtl + ", renewEvery=" + leaseRenewEvery)
            + (serveStore ? ", serveStore, rescanEvery=" + rescanEvery : "")
            + (idleParkAfter == null ? "" : ", idleParkAfter=" + idleParkAfter)
            + (wakeEvery == null ? "" : ", wakeEvery=" + wakeEvery) + (startParked ? ", startParked" : "")
            + ", template="
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
        private String instance;
        private Duration leaseTtl;
        private Duration leaseRenewEvery;
        private boolean serveStore;
        private Duration rescanEvery;
        private Duration idleParkAfter;
        private Duration wakeEvery;
        private boolean startParked;

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
            instance = o.instance;
            leaseTtl = o.leaseTtl;
            leaseRenewEvery = o.leaseRenewEvery;
            serveStore = o.serveStore;
            rescanEvery = o.rescanEvery;
            idleParkAfter = o.idleParkAfter;
            wakeEvery = o.wakeEvery;
            startParked = o.startParked;
        }

        /**
         * Shared resources, owned by the caller (the manager never shuts them down).
         *
         * @param value the event loops, timer and schedulers every account's client runs on
         * @return this builder
         */
        public Builder resources(ClientResources value) {
            this.resources = Objects.requireNonNull(value, "resources");
            return this;
        }

        /**
         * The store of every account's session (default: in memory).
         *
         * @param value the store; with {@link #leaseTtl} it must implement {@code SessionLeases}
         * @return this builder
         */
        public Builder sessionStore(SessionStore value) {
            this.sessionStore = Objects.requireNonNull(value, "sessionStore");
            return this;
        }

        /**
         * The options each account's client is made from; its session store, account id and resources are replaced
         * by the manager's, its credentials are the last default before the stored session's.
         *
         * @param value the template: the DCs, transport, retry and timeouts of every client
         * @return this builder
         */
        public Builder clientTemplate(ClientOptions value) {
            this.clientTemplate = Objects.requireNonNull(value, "clientTemplate");
            return this;
        }

        /**
         * Default API credentials of accounts whose spec has none.
         *
         * @param id the api_id, positive
         * @param hash the api_hash (a secret: kept out of {@code toString()})
         * @return this builder
         * @throws IllegalArgumentException when the api_id is not positive or the hash empty
         */
        public Builder apiCredentials(int id, String hash) {
            Objects.requireNonNull(hash, "hash");
            if (id <= 0 || hash.isEmpty()) {
                throw new IllegalArgumentException("API credentials need a positive api_id and a non-empty api_hash");
            }
            this.apiId = id;
            this.apiHash = hash;
            return this;
        }

        /**
         * Measure with this registry (Micrometer).
         *
         * @param value where the manager's meters are registered
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry value) {
            this.meterRegistry = Objects.requireNonNull(value, "meterRegistry");
            return this;
        }

        /**
         * Tag the counters with the account id too (a meter per account: small fleets only).
         *
         * @param value true for an {@code account} tag
         * @return this builder
         */
        public Builder perAccountMetrics(boolean value) {
            this.perAccountMetrics = value;
            return this;
        }

        /**
         * The clock of event times and flood-wait ends (default UTC system clock).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Longest login flood wait waited out (default 10 minutes); longer ones end the login with the error.
         *
         * @param value the longest wait, zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is negative
         */
        public Builder maxLoginFloodWait(Duration value) {
            Objects.requireNonNull(value, "maxLoginFloodWait");
            if (value.isNegative()) {
                throw new IllegalArgumentException("maxLoginFloodWait must not be negative, got " + value);
            }
            this.maxLoginFloodWait = value;
            return this;
        }

        /**
         * Flood waits one login waits out (default 3; 0: none).
         *
         * @param value how many, zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is negative
         */
        public Builder maxLoginFloodWaits(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxLoginFloodWaits must not be negative, got " + value);
            }
            this.maxLoginFloodWaits = value;
            return this;
        }

        /**
         * This instance's name, the holder of its leases: unique among the instances sharing the store.
         *
         * @param value 1 to 200 characters, not blank
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is blank or longer than 200 characters
         */
        public Builder instance(String value) {
            Objects.requireNonNull(value, "instance");
            if (value.isBlank() || value.length() > 200) {
                throw new IllegalArgumentException("the instance name must be 1 to 200 characters, not blank");
            }
            this.instance = value;
            return this;
        }

        /**
         * Runs every account under a lease of this ttl in the store (which must implement {@code SessionLeases}):
         * several instances share the store, each account runs on at most one. See accounts/README.md, "Leases".
         *
         * @param value the ttl, at least 100 ms
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is shorter than 100 ms
         */
        public Builder leaseTtl(Duration value) {
            Objects.requireNonNull(value, "leaseTtl");
            if (value.toMillis() < 100) {
                throw new IllegalArgumentException("leaseTtl must be at least 100 ms, got " + value);
            }
            this.leaseTtl = value;
            return this;
        }

        /**
         * How often leases are renewed: more than 0, at most half the ttl (default a third). {@link #build()} checks
         * it against the ttl.
         *
         * @param value the renew interval, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is zero or negative
         */
        public Builder leaseRenewEvery(Duration value) {
            Objects.requireNonNull(value, "leaseRenewEvery");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("leaseRenewEvery must be > 0, got " + value);
            }
            this.leaseRenewEvery = value;
            return this;
        }

        /**
         * Serve every account the store lists ({@code SessionStore.accountIds()}), found again every
         * {@link #rescanEvery}.
         *
         * @param value true to serve the store's accounts
         * @return this builder
         */
        public Builder serveStore(boolean value) {
            this.serveStore = value;
            return this;
        }

        /**
         * How often the store is looked at again (default: 3/4 of the renew interval with leases, else 30 s).
         *
         * @param value the interval, at least 10 ms
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is shorter than 10 ms
         */
        public Builder rescanEvery(Duration value) {
            Objects.requireNonNull(value, "rescanEvery");
            if (value.toMillis() < 10) {
                throw new IllegalArgumentException("rescanEvery must be at least 10 ms, got " + value);
            }
            this.rescanEvery = value;
            return this;
        }

        /**
         * Parks an {@code AUTHORIZED} account once no call was made on it for this long (at least 10 ms; null: never,
         * the default). Its client is closed; the next call wakes it. See accounts/README.md, "Hot and parked
         * accounts".
         *
         * @param value the idle time, at least 10 ms, or null for never
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is shorter than 10 ms
         */
        public Builder idleParkAfter(Duration value) {
            if (value != null && value.toMillis() < 10) {
                throw new IllegalArgumentException("idleParkAfter must be at least 10 ms, got " + value);
            }
            this.idleParkAfter = value;
            return this;
        }

        /**
         * Wakes each parked account about this often (at least 100 ms; null: never, the default) to catch up with
         * its updates, and parks it again unless a call came meanwhile. Each account's time is jittered (between
         * half and one and a half of this after it was parked), so accounts parked together do not wake together.
         *
         * @param value the mean interval, at least 100 ms, or null for never
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is shorter than 100 ms
         */
        public Builder wakeEvery(Duration value) {
            if (value != null && value.toMillis() < 100) {
                throw new IllegalArgumentException("wakeEvery must be at least 100 ms, got " + value);
            }
            this.wakeEvery = value;
            return this;
        }

        /**
         * Start accounts with a stored login parked (in {@code startAll()} and the lease balancer): registering
         * many accounts then opens no connection. Default false.
         *
         * @param value true to start them parked
         * @return this builder
         */
        public Builder startParked(boolean value) {
            this.startParked = value;
            return this;
        }

        /**
         * The options, with the defaults filled in: an in-memory store, a generated instance name, the lease renew
         * and rescan intervals.
         *
         * @return the options
         * @throws IllegalStateException without a client template, with leases on a store without
         *     {@code SessionLeases}, with a renew interval over half the ttl, or with one but no ttl
         */
        public AccountManagerOptions build() {
            if (clientTemplate == null) {
                throw new IllegalStateException("a client template is required (ClientOptions with the DCs to use)");
            }
            if (sessionStore == null) {
                sessionStore = new InMemorySessionStore();
            }
            if (instance == null) {
                instance = "mtflux-" + ProcessHandle.current().pid() + "-"
                    + HexFormat.of().toHexDigits((short) (Math.random() * 65536));
            }
            if (leaseTtl != null) {
                if (!(sessionStore instanceof SessionLeases)) {
                    throw new IllegalStateException("leases need a store with SessionLeases; "
                        + sessionStore.getClass().getSimpleName() + " has none");
                }
                if (leaseRenewEvery == null) {
                    leaseRenewEvery = leaseTtl.dividedBy(3);
                }
                if (leaseRenewEvery.compareTo(leaseTtl.dividedBy(2)) > 0) {
                    throw new IllegalStateException("leaseRenewEvery (" + leaseRenewEvery + ") must be at most half"
                        + " the leaseTtl (" + leaseTtl + ")");
                }
            } else if (leaseRenewEvery != null) {
                throw new IllegalStateException("leaseRenewEvery without leaseTtl");
            }
            if (rescanEvery == null) {
                rescanEvery = leaseTtl != null ? leaseRenewEvery.multipliedBy(3).dividedBy(4) : Duration.ofSeconds(30);
            }
            return new AccountManagerOptions(this);
        }
    }
}
