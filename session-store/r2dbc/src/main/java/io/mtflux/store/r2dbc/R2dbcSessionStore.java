package io.mtflux.store.r2dbc;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.store.CorruptSessionException;
import io.mtflux.core.store.DcAuth;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.LeaseHeldException;
import io.mtflux.core.store.LeaseLostException;
import io.mtflux.core.store.PendingLogin;
import io.mtflux.core.store.SessionConflictException;
import io.mtflux.core.store.SessionLease;
import io.mtflux.core.store.SessionLeases;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.store.SessionStoreException;
import io.mtflux.core.store.UpdateState;
import io.mtflux.core.store.codec.AuthKeyCipher;
import io.mtflux.core.store.codec.StoredFields;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link SessionStore} with {@link SessionLeases} on an R2DBC database: PostgreSQL (r2dbc-postgresql) or H2
 * (r2dbc-h2, in memory or on file). One row per account in {@code <prefix>account}, one row per DC in
 * {@code <prefix>dc}, one lease row per account in {@code <prefix>lease}; see the module README for the schema.
 *
 * <ul>
 *   <li>{@link #save} runs in one transaction: an {@code UPDATE ... WHERE version = ?} (or an {@code INSERT} for
 *   version 0) then the DC rows, so a reader sees the old or the new state, and a stale version is a
 *   {@link SessionConflictException} that writes nothing.</li>
 *   <li>Auth keys are stored as they are, or sealed with AES-256-GCM when the builder has an
 *   {@link AuthKeyCipher} (bound to account and DC). A store with a cipher still reads plain keys (they are
 *   sealed at the next save); a store without one fails on sealed keys with {@link CorruptSessionException}.</li>
 *   <li>Leases: a row with the holder, the expiry (by this process's wall clock: keep instances on NTP) and the
 *   fencing token, which only grows, across expiry, release and delete. A fenced save locks the lease row
 *   ({@code SELECT ... FOR UPDATE}) in its transaction, so a takeover and a write of the old holder serialize.</li>
 *   <li>H2 runs inside the JVM and blocks the calling thread: every H2 operation is moved to
 *   {@code Schedulers.boundedElastic()}. PostgreSQL is non-blocking all the way.</li>
 * </ul>
 *
 * <p>Start with {@link #connect(String)} (an R2DBC URL: a pool is created and closed by {@link #close()}) or
 * {@link #builder(ConnectionFactory)}; both create or migrate the schema idempotently before the store is handed
 * out.
 */
public final class R2dbcSessionStore implements SessionStore, SessionLeases {
    /** The schema version this library writes and reads. */
    public static final int SCHEMA_VERSION = 3;
    /** The width of the pending_login column: its base64 text, terms of service included. */
    private static final int PENDING_LOGIN_MAX = 65536;

    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,30}");
    private static final int KEY_PLAIN = 0;
    private static final int KEY_SEALED = 1;

    private final ConnectionFactory factory;
    private final Dialect dialect;
    private final String account;
    private final String dc;
    private final String lease;
    private final String schema;
    private final String prefix;
    private final AuthKeyCipher cipher;
    private final Clock clock;
    private final ConnectionPool ownedPool;

    /** The SQL differences between the supported databases. */
    enum Dialect {
        POSTGRESQL("BYTEA"),
        H2("VARBINARY(1024)");

        final String bytes;

        Dialect(String bytes) {
            this.bytes = bytes;
        }

        static Dialect of(ConnectionFactory factory) {
            String name = factory.getMetadata().getName();
            if (name.toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
                return POSTGRESQL;
            }
            if (name.equalsIgnoreCase("H2")) {
                return H2;
            }
            throw new IllegalArgumentException("unsupported database '" + name + "': PostgreSQL and H2 are");
        }
    }

    private R2dbcSessionStore(Builder b, ConnectionPool ownedPool) {
        this.factory = b.factory;
        this.dialect = Dialect.of(b.factory);
        this.prefix = b.prefix;
        this.account = b.prefix + "account";
        this.dc = b.prefix + "dc";
        this.lease = b.prefix + "lease";
        this.schema = b.prefix + "schema";
        this.cipher = b.cipher;
        this.clock = b.clock;
        this.ownedPool = ownedPool;
        if (cipher != null) {
            // seed the shared DRBG here rather than on an event loop: seeding reads the OS entropy source
            io.mtflux.core.crypto.RandomSource.secure().nextLong();
        }
    }

    /**
     * A builder over {@code factory} (a pool is recommended: {@code io.r2dbc.pool.ConnectionPool}).
     *
     * @param factory the connections to use
     * @return the builder
     */
    public static Builder builder(ConnectionFactory factory) {
        return new Builder(Objects.requireNonNull(factory, "factory"));
    }

    /**
     * {@link #connect(String, AuthKeyCipher)} without encryption.
     *
     * @param url an R2DBC URL
     * @return the store, once the schema is ready
     */
    public static Mono<R2dbcSessionStore> connect(String url) {
        return connect(url, null);
    }

    /**
     * Opens a connection pool for an R2DBC URL ({@code r2dbc:postgresql://user:pass@host:5432/db},
     * {@code r2dbc:h2:mem:///name}, {@code r2dbc:h2:file:///path/to/db}), migrates the schema and hands out the
     * store; {@link #close()} closes the pool.
     *
     * @param cipher seals auth keys, or null to store them as they are
     * @param url an R2DBC URL
     * @return the store, once the schema is ready
     */
    public static Mono<R2dbcSessionStore> connect(String url, AuthKeyCipher cipher) {
        Objects.requireNonNull(url, "url");
        return Mono.defer(() -> {
            ConnectionFactory raw = ConnectionFactories.get(url);
            ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(raw)
                .initialSize(0)
                .maxSize(10)
                .maxIdleTime(Duration.ofMinutes(5))
                .build());
            Builder b = builder(pool).cipher(cipher);
            R2dbcSessionStore store;
            try {
                store = new R2dbcSessionStore(b, pool);
            } catch (RuntimeException e) {
                pool.dispose();
                return Mono.error(e);
            }
            return store.migrate().thenReturn(store)
                .onErrorResume(e -> store.close().then(Mono.error(e)));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Configures a store; {@link #start()} migrates the schema and hands it out. */
    public static final class Builder {
        private final ConnectionFactory factory;
        private String prefix = "mtflux_";
        private AuthKeyCipher cipher;
        private Clock clock = Clock.systemUTC();

        private Builder(ConnectionFactory factory) {
            this.factory = factory;
        }

        /**
         * Prefix of the table names (default {@code mtflux_}): lower-case letters, digits, underscores.
         *
         * @param value the prefix
         * @return this builder
         * @throws IllegalArgumentException if the prefix has other characters
         */
        public Builder tablePrefix(String value) {
            if (!PREFIX.matcher(Objects.requireNonNull(value, "tablePrefix")).matches()) {
                throw new IllegalArgumentException("tablePrefix must match " + PREFIX.pattern());
            }
            this.prefix = value;
            return this;
        }

        /**
         * Seals auth keys with AES-256-GCM under this cipher's key (null: store them as they are).
         *
         * @param value the cipher, or null
         * @return this builder
         */
        public Builder cipher(AuthKeyCipher value) {
            this.cipher = value;
            return this;
        }

        /**
         * The wall clock of lease expiries (default UTC system clock).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** {@return the store, not migrated yet: call {@link R2dbcSessionStore#migrate()} before use} */
        public R2dbcSessionStore build() {
            return new R2dbcSessionStore(this, null);
        }

        /**
         * Creates or migrates the schema, then hands out the store.
         *
         * @return the store, once the schema is ready
         */
        public Mono<R2dbcSessionStore> start() {
            return Mono.defer(() -> {
                R2dbcSessionStore store = build();
                return store.migrate().thenReturn(store);
            });
        }
    }

    // ------------------------------------------------------------------------------------------------ schema

    /**
     * Creates the tables when they are missing and records the schema version; idempotent, safe to run from
     * several instances at once (PostgreSQL serializes them on an advisory lock). Fails when the database holds
     * a newer schema version than this library knows.
     *
     * @return completes when the schema is current
     */
    public Mono<Void> migrate() {
        List<String> ddl = List.of(
            "CREATE TABLE IF NOT EXISTS " + schema + " (id INT PRIMARY KEY, version INT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS " + account + " (account_id VARCHAR(255) PRIMARY KEY, version BIGINT NOT NULL,"
                + " home_dc INT NOT NULL, user_id BIGINT, bot BOOLEAN NOT NULL, dc_options VARCHAR(16000) NOT NULL,"
                + " update_state VARCHAR(100) NOT NULL, updated_at BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS " + dc + " (account_id VARCHAR(255) NOT NULL, dc_id INT NOT NULL,"
                + " auth_key " + dialect.bytes + " NOT NULL, key_format INT NOT NULL, created_sec BIGINT NOT NULL,"
                + " created_nano INT NOT NULL, server_salt BIGINT NOT NULL, time_offset BIGINT NOT NULL,"
                + " authorized BOOLEAN NOT NULL, PRIMARY KEY (account_id, dc_id), FOREIGN KEY (account_id)"
                + " REFERENCES " + account + " (account_id) ON DELETE CASCADE)",
            "CREATE TABLE IF NOT EXISTS " + lease + " (account_id VARCHAR(255) PRIMARY KEY, token BIGINT NOT NULL,"
                + " holder VARCHAR(255), expires_at BIGINT NOT NULL)");
        return inTransaction(c -> {
            Mono<Void> lock = dialect == Dialect.POSTGRESQL
                ? Flux.from(c.createStatement("SELECT pg_advisory_xact_lock(" + (prefix.hashCode() ^ 0x6d74666c)
                    + ")").execute()).concatMap(Result::getRowsUpdated).then()
                : Mono.empty();
            return lock
                .thenMany(Flux.fromIterable(ddl).concatMap(sql -> Flux.from(c.createStatement(sql).execute())
                    .concatMap(Result::getRowsUpdated)))
                .then(Flux.from(c.createStatement("SELECT version FROM " + schema + " WHERE id = 1").execute())
                    .concatMap(r -> r.map(row -> row.get(0, Integer.class))).next())
                .map(Integer::intValue)
                .defaultIfEmpty(0)
                .flatMap(v -> {
                    if (v > SCHEMA_VERSION) {
                        return Mono.error(new SessionStoreException(null, "the database holds session schema "
                            + "version " + v + ", newer than this library's " + SCHEMA_VERSION));
                    }
                    if (v == SCHEMA_VERSION) {
                        return Mono.empty();
                    }
                    // version 0: fresh tables in the version 1 layout; then each later version's ALTER steps
                    Mono<Void> steps = Mono.empty();
                    if (v < 2) {
                        // 2: the API credentials saved at login (null: not known)
                        steps = steps.then(rows(c.createStatement("ALTER TABLE " + account
                            + " ADD COLUMN IF NOT EXISTS api_id INT")))
                            .then(rows(c.createStatement("ALTER TABLE " + account
                                + " ADD COLUMN IF NOT EXISTS api_hash VARCHAR(512)"))).then();
                    }
                    if (v < 3) {
                        // 3: the login under way (null: none), sealed like the keys when the store has a cipher
                        steps = steps.then(rows(c.createStatement("ALTER TABLE " + account
                            + " ADD COLUMN IF NOT EXISTS pending_login VARCHAR(" + PENDING_LOGIN_MAX + ")"))).then();
                    }
                    Statement record = v == 0
                        ? c.createStatement("INSERT INTO " + schema + " (id, version) VALUES (1, $1)")
                        : c.createStatement("UPDATE " + schema + " SET version = $1 WHERE id = 1");
                    return steps.then(rows(record.bind(0, SCHEMA_VERSION))).then();
                });
        });
    }

    // -------------------------------------------------------------------------------------------------- reads

    /** One row of the account-DC join (the DC columns are all null for an account without DC rows). */
    record Raw(long version, int homeDc, Long userId, boolean bot, String dcOptions, String updateState,
                       Integer apiId, String apiHash, Integer dcId, byte[] key, Integer keyFormat, Long createdSec,
                       Integer createdNano, Long salt, Long offset, Boolean authorized, String pendingLogin) {
    }

    @Override
    public Mono<SessionState> load(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        // one statement (a join) reads a consistent snapshot of the account row and its DC rows
        String sql = "SELECT a.version, a.home_dc, a.user_id, a.bot, a.dc_options, a.update_state, a.api_id,"
            + " a.api_hash, d.dc_id,"
            + " d.auth_key, d.key_format, d.created_sec, d.created_nano, d.server_salt, d.time_offset, d.authorized,"
            + " a.pending_login"
            + " FROM " + account + " a LEFT JOIN " + dc + " d ON d.account_id = a.account_id"
            + " WHERE a.account_id = $1 ORDER BY d.dc_id";
        return withConnection(c -> Flux.from(c.createStatement(sql).bind(0, accountId).execute())
            .concatMap(r -> r.map(R2dbcSessionStore::raw))
            .collectList())
            .flatMap(list -> list.isEmpty() ? Mono.empty()
                : Mono.fromCallable(() -> decode(accountId, list, cipher)));
    }

    private static Raw raw(Readable row) {
        return new Raw(row.get(0, Long.class), row.get(1, Integer.class), row.get(2, Long.class),
            row.get(3, Boolean.class), row.get(4, String.class), row.get(5, String.class), row.get(6, Integer.class),
            row.get(7, String.class), row.get(8, Integer.class), row.get(9, byte[].class), row.get(10, Integer.class),
            row.get(11, Long.class), row.get(12, Integer.class), row.get(13, Long.class), row.get(14, Long.class),
            row.get(15, Boolean.class), row.get(16, String.class));
    }

    /**
     * The state in an account's rows as {@link #load} reads them; a {@link CorruptSessionException} for anything
     * else (the rows are data another process or a person may have written).
     */
    static SessionState decode(String accountId, List<Raw> rows, AuthKeyCipher cipher) {
        Raw first = rows.get(0);
        if (first.version() <= 0) {
            throw new CorruptSessionException(accountId, "version " + first.version() + " is not positive");
        }
        if (first.homeDc() <= 0) {
            throw new CorruptSessionException(accountId, "home DC " + first.homeDc() + " is not positive");
        }
        List<DcEndpoint> options;
        UpdateState updates;
        String apiHash;
        PendingLogin pending;
        try {
            options = StoredFields.parseDcOptions(first.dcOptions());
            updates = StoredFields.parseUpdateState(first.updateState());
            apiHash = first.apiHash() == null ? null : StoredFields.parseApiHash(first.apiHash(), cipher, accountId);
            pending = first.pendingLogin() == null ? null
                : StoredFields.parsePendingLogin(first.pendingLogin(), cipher, accountId);
        } catch (IllegalArgumentException e) {
            throw new CorruptSessionException(accountId, e.getMessage());
        }
        if (first.apiId() != null && first.apiId() <= 0) {
            throw new CorruptSessionException(accountId, "api_id " + first.apiId() + " is not positive");
        }
        Map<Integer, DcAuth> dcs = new TreeMap<>();
        for (Raw r : rows) {
            if (r.dcId() == null) {
                continue;
            }
            dcs.put(r.dcId(), decodeDc(accountId, r, cipher));
        }
        return new SessionState(first.version(), first.homeDc(), dcs, first.userId(), first.bot(), options, updates,
            first.apiId(), apiHash, pending);
    }

    private static DcAuth decodeDc(String accountId, Raw r, AuthKeyCipher cipher) {
        int dcId = r.dcId();
        if (dcId <= 0) {
            throw new CorruptSessionException(accountId, "a DC row has id " + dcId);
        }
        byte[] key = r.key();
        if (r.keyFormat() == KEY_SEALED) {
            if (cipher == null) {
                throw new CorruptSessionException(accountId, "the auth key of DC " + dcId + " is encrypted and this "
                    + "store has no encryption key");
            }
            try {
                key = cipher.open(key, AuthKeyCipher.context(accountId, dcId));
            } catch (IllegalArgumentException e) {
                throw new CorruptSessionException(accountId, "auth key of DC " + dcId + ": " + e.getMessage());
            }
        } else if (r.keyFormat() != KEY_PLAIN) {
            throw new CorruptSessionException(accountId, "the auth key of DC " + dcId + " has unknown format "
                + r.keyFormat());
        }
        if (key.length != AuthKey.LENGTH) {
            throw new CorruptSessionException(accountId, "the auth key of DC " + dcId + " is " + key.length
                + " bytes, not " + AuthKey.LENGTH);
        }
        if (r.createdNano() < 0 || r.createdNano() > 999_999_999) {
            throw new CorruptSessionException(accountId, "the key creation time of DC " + dcId + " is out of range");
        }
        Instant created;
        try {
            created = Instant.ofEpochSecond(r.createdSec(), r.createdNano());
        } catch (java.time.DateTimeException e) {
            throw new CorruptSessionException(accountId, "the key creation time of DC " + dcId + " is out of range");
        }
        return new DcAuth(AuthKey.of(key), created, r.salt(), r.offset(), r.authorized());
    }

    // ------------------------------------------------------------------------------------------------- writes

    @Override
    public Mono<SessionState> save(String accountId, SessionState state) {
        return write(accountId, state, null);
    }

    @Override
    public Mono<SessionState> save(SessionLease lease, SessionState state) {
        return write(lease.accountId(), state, lease);
    }

    /** Why a write stopped short of its commit. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused() {
            super(null, null, false, false);
        }
    }

    private Mono<SessionState> write(String accountId, SessionState state, SessionLease fence) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(state, "state");
        return Mono.defer(() -> {
            SessionState next = state.withVersion(state.version() + 1);
            String dcOptions = StoredFields.formatDcOptions(state.dcOptions());
            String updates = StoredFields.formatUpdateState(state.updateState());
            String apiHash = state.apiHash() == null ? null
                : StoredFields.formatApiHash(state.apiHash(), cipher, accountId);
            String pending = state.pendingLogin() == null ? null
                : StoredFields.formatPendingLogin(state.pendingLogin(), cipher, accountId);
            List<Object[]> dcRows = new ArrayList<>();
            for (Map.Entry<Integer, DcAuth> e : new TreeMap<>(state.dcs()).entrySet()) {
                DcAuth a = e.getValue();
                byte[] key = a.authKey().bytes();
                int format = KEY_PLAIN;
                if (cipher != null) {
                    key = cipher.seal(key, AuthKeyCipher.context(accountId, e.getKey()));
                    format = KEY_SEALED;
                }
                dcRows.add(new Object[] {accountId, e.getKey(), key, format, a.createdAt().getEpochSecond(),
                    a.createdAt().getNano(), a.serverSalt(), a.timeOffsetSeconds(), a.authorized()});
            }
            long now = clock.millis();
            return inTransaction(c -> {
                Mono<Void> fenced = fence == null ? Mono.empty() : checkFence(c, fence, now);
                Statement upsert;
                if (state.version() == 0) {
                    upsert = c.createStatement("INSERT INTO " + account + " (account_id, version, home_dc, user_id,"
                        + " bot, dc_options, update_state, updated_at, api_id, api_hash, pending_login)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                        .bind(0, accountId).bind(1, 1L);
                } else {
                    upsert = c.createStatement("UPDATE " + account + " SET version = $2, home_dc = $3, user_id = $4,"
                        + " bot = $5, dc_options = $6, update_state = $7, updated_at = $8, api_id = $9,"
                        + " api_hash = $10, pending_login = $12 WHERE account_id = $1 AND version = $11")
                        .bind(0, accountId).bind(1, next.version()).bind(10, state.version());
                }
                int pendingIndex = state.version() == 0 ? 10 : 11;
                if (pending == null) {
                    upsert.bindNull(pendingIndex, String.class);
                } else {
                    upsert.bind(pendingIndex, pending);
                }
                if (state.apiId() == null) {
                    upsert.bindNull(8, Integer.class);
                } else {
                    upsert.bind(8, state.apiId());
                }
                if (apiHash == null) {
                    upsert.bindNull(9, String.class);
                } else {
                    upsert.bind(9, apiHash);
                }
                upsert.bind(2, state.homeDc());
                if (state.userId() == null) {
                    upsert.bindNull(3, Long.class);
                } else {
                    upsert.bind(3, state.userId());
                }
                upsert.bind(4, state.bot()).bind(5, dcOptions).bind(6, updates).bind(7, now);
                Mono<Void> dcs = rows(c.createStatement("DELETE FROM " + dc + " WHERE account_id = $1")
                    .bind(0, accountId))
                    .then(dcRows.isEmpty() ? Mono.empty() : insertDcs(c, dcRows));
                return fenced
                    .then(rows(upsert))
                    .flatMap(n -> n == 1 ? dcs : Mono.error(new Refused()))
                    .thenReturn(next);
            });
        })
            .onErrorResume(e -> e instanceof Refused || e instanceof R2dbcDataIntegrityViolationException,
                e -> storedVersion(accountId).flatMap(v -> Mono.error(
                    new SessionConflictException(accountId, state.version(), v))));
    }

    private Mono<Void> insertDcs(Connection c, List<Object[]> dcRows) {
        Statement s = c.createStatement("INSERT INTO " + dc + " (account_id, dc_id, auth_key, key_format, created_sec,"
            + " created_nano, server_salt, time_offset, authorized) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
        for (int i = 0; i < dcRows.size(); i++) {
            if (i > 0) {
                s.add();
            }
            Object[] row = dcRows.get(i);
            for (int j = 0; j < row.length; j++) {
                s.bind(j, row[j]);
            }
        }
        return Flux.from(s.execute()).concatMap(Result::getRowsUpdated).then();
    }

    /** Locks the lease row for the rest of the transaction and fails when {@code fence} is not current. */
    private Mono<Void> checkFence(Connection c, SessionLease fence, long now) {
        return Flux.from(c.createStatement("SELECT token, holder, expires_at FROM " + lease
            + " WHERE account_id = $1 FOR UPDATE").bind(0, fence.accountId()).execute())
            .concatMap(r -> r.map(row -> new Object[] {row.get(0, Long.class), row.get(1, String.class),
                row.get(2, Long.class)}))
            .next()
            .switchIfEmpty(Mono.error(() -> new LeaseLostException(fence.accountId(), fence.fencingToken(),
                "the account has no lease")))
            .flatMap(l -> {
                long token = (Long) l[0];
                if (token != fence.fencingToken()) {
                    return Mono.error(new LeaseLostException(fence.accountId(), fence.fencingToken(),
                        "a newer lease (token " + token + ") exists"));
                }
                if (l[1] == null || (Long) l[2] <= now) {
                    return Mono.error(new LeaseLostException(fence.accountId(), fence.fencingToken(),
                        "expired or released"));
                }
                return Mono.empty();
            });
    }

    private Mono<Long> storedVersion(String accountId) {
        return withConnection(c -> Flux.from(c.createStatement("SELECT version FROM " + account
            + " WHERE account_id = $1").bind(0, accountId).execute())
            .concatMap(r -> r.map(row -> row.get(0, Long.class))).next())
            .defaultIfEmpty(0L);
    }

    /** Lists the account rows ({@code SELECT account_id}), in id order. */
    @Override
    public Flux<String> accountIds() {
        return Flux.usingWhen(factory.create(),
            c -> Flux.from(c.createStatement("SELECT account_id FROM " + account + " ORDER BY account_id").execute())
                .concatMap(r -> r.map(row -> row.get(0, String.class))),
            Connection::close, (c, e) -> c.close(), Connection::close)
            .subscribeOn(dialect == Dialect.H2 ? Schedulers.boundedElastic() : Schedulers.immediate());
    }

    /** Deletes the account row and its DC rows; the lease row stays, so fencing tokens keep growing. */
    @Override
    public Mono<Void> delete(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        return inTransaction(c -> rows(c.createStatement("DELETE FROM " + dc + " WHERE account_id = $1")
            .bind(0, accountId))
            .then(rows(c.createStatement("DELETE FROM " + account + " WHERE account_id = $1").bind(0, accountId)))
            .then());
    }

    // ------------------------------------------------------------------------------------------------- leases

    @Override
    public Mono<SessionLease> acquire(String accountId, String holder, Duration ttl) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            return Mono.error(new IllegalArgumentException("ttl must be > 0"));
        }
        return Mono.defer(() -> {
            long now = clock.millis();
            long expires = now + ttl.toMillis();
            return inTransaction(c -> Flux.from(c.createStatement("SELECT token, holder, expires_at FROM " + lease
                + " WHERE account_id = $1 FOR UPDATE").bind(0, accountId).execute())
                .concatMap(r -> r.map(row -> new Object[] {row.get(0, Long.class), row.get(1, String.class),
                    row.get(2, Long.class)}))
                .next()
                .flatMap(l -> {
                    if (l[1] != null && (Long) l[2] > now) {
                        return Mono.error(new LeaseHeldException(accountId, (String) l[1]));
                    }
                    long token = (Long) l[0] + 1;
                    return rows(c.createStatement("UPDATE " + lease + " SET token = $2, holder = $3,"
                        + " expires_at = $4 WHERE account_id = $1").bind(0, accountId).bind(1, token)
                        .bind(2, holder).bind(3, expires)).thenReturn(token);
                })
                .switchIfEmpty(Mono.defer(() -> rows(c.createStatement("INSERT INTO " + lease
                    + " (account_id, token, holder, expires_at) VALUES ($1, 1, $2, $3)").bind(0, accountId)
                    .bind(1, holder).bind(2, expires)).thenReturn(1L))))
                .onErrorMap(R2dbcDataIntegrityViolationException.class,
                    e -> new LeaseHeldException(accountId, null))
                .map(token -> new SessionLease(accountId, holder, token, ttl, Instant.ofEpochMilli(expires)));
        });
    }

    /** The current leases: one {@code SELECT} of the lease rows held and not expired by the store's clock. */
    @Override
    public Mono<Map<String, String>> leaseHolders(String accountIdPrefix) {
        Objects.requireNonNull(accountIdPrefix, "accountIdPrefix");
        return Mono.defer(() -> {
            long now = clock.millis();
            String like = accountIdPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            return withConnection(c -> Flux.from(c.createStatement("SELECT account_id, holder FROM " + lease
                + " WHERE holder IS NOT NULL AND expires_at > $1 AND account_id LIKE $2 ESCAPE '\\'")
                .bind(0, now).bind(1, like).execute())
                .concatMap(r -> r.map(row -> Map.entry(row.get(0, String.class), row.get(1, String.class))))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue));
        });
    }

    @Override
    public Mono<SessionLease> renew(SessionLease l) {
        return Mono.defer(() -> {
            long now = clock.millis();
            long expires = now + l.ttl().toMillis();
            return withConnection(c -> rows(c.createStatement("UPDATE " + lease + " SET expires_at = $3"
                + " WHERE account_id = $1 AND token = $2 AND holder IS NOT NULL AND expires_at > $4")
                .bind(0, l.accountId()).bind(1, l.fencingToken()).bind(2, expires).bind(3, now)))
                .flatMap(n -> n == 1 ? Mono.just(l.renewedUntil(Instant.ofEpochMilli(expires)))
                    : Mono.error(new LeaseLostException(l.accountId(), l.fencingToken(),
                        "expired, released or taken over")));
        });
    }

    @Override
    public Mono<Void> release(SessionLease l) {
        return withConnection(c -> rows(c.createStatement("UPDATE " + lease + " SET holder = NULL, expires_at = 0"
            + " WHERE account_id = $1 AND token = $2 AND holder IS NOT NULL")
            .bind(0, l.accountId()).bind(1, l.fencingToken()))).then();
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private static Mono<Long> rows(Statement s) {
        return Flux.from(s.execute()).concatMap(Result::getRowsUpdated).reduce(0L, Long::sum);
    }

    private <T> Mono<T> withConnection(Function<Connection, Mono<T>> work) {
        Mono<T> m = Mono.usingWhen(factory.create(), work, Connection::close, (c, e) -> c.close(), Connection::close);
        return dialect == Dialect.H2 ? m.subscribeOn(Schedulers.boundedElastic()) : m;
    }

    /**
     * Runs {@code work} in a transaction: committed when it completes, rolled back when it fails, and rolled back
     * before the connection goes back to the pool when the caller cancels (a client closed mid-save): a pooled
     * connection left inside a transaction would keep its row locks, and every later writer or lease of the account
     * would wait on them.
     */
    private <T> Mono<T> inTransaction(Function<Connection, Mono<T>> work) {
        Mono<T> m = Mono.usingWhen(factory.create(), c -> Mono.from(c.beginTransaction())
            .then(work.apply(c))
            .flatMap(v -> Mono.from(c.commitTransaction()).thenReturn(v))
            .switchIfEmpty(Mono.defer(() -> Mono.from(c.commitTransaction()).then(Mono.empty())))
            .onErrorResume(e -> Mono.from(c.rollbackTransaction())
                .onErrorResume(x -> Mono.empty())
                .then(Mono.error(e))),
            Connection::close, (c, e) -> c.close(),
            c -> Mono.from(c.rollbackTransaction()).onErrorResume(x -> Mono.empty()).then(Mono.from(c.close())));
        return dialect == Dialect.H2 ? m.subscribeOn(Schedulers.boundedElastic()) : m;
    }

    /** {@return the database (PostgreSQL or H2)} */
    public String database() {
        return dialect == Dialect.POSTGRESQL ? "PostgreSQL" : "H2";
    }

    /**
     * Closes the pool that {@link #connect} opened; does nothing for a store built on a caller's factory.
     *
     * @return completes when the pool is closed
     */
    public Mono<Void> close() {
        return ownedPool == null ? Mono.empty() : ownedPool.disposeLater();
    }

    @Override
    public String toString() {
        return "R2dbcSessionStore{database=" + database() + ", tables=" + prefix + "*, encrypted=" + (cipher != null)
            + "}";
    }
}
