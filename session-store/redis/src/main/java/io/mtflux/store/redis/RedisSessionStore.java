package io.mtflux.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanStream;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
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
import io.mtflux.core.store.UpdateState;
import io.mtflux.core.store.codec.AuthKeyCipher;
import io.mtflux.core.store.codec.StoredFields;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link SessionStore} with {@link SessionLeases} on Redis through Lettuce's reactive API. Each account is one
 * hash ({@code <prefix>mtflux:session:{<accountId>}}): field {@code v} the version, {@code home}, {@code user},
 * {@code bot}, {@code options}, {@code updates}, {@code api_id} and {@code api_hash} when known,
 * {@code pending_login} while a login is under way, and {@code dc:<id>} per DC; see the module README.
 *
 * <ul>
 *   <li>{@link #save} is a Lua script: it compares {@code v} with the expected version and replaces the whole hash
 *   in one step (Redis runs a script atomically), or answers the stored version for a
 *   {@link SessionConflictException}. No TTL unless {@link Builder#ttl} sets one.</li>
 *   <li>Leases: {@code SET <lease key> "<token>|<holder>" NX PX <ttl>} inside a script that draws the fencing token
 *   from {@code INCR} on a counter key that is never deleted, so tokens only grow. A fenced save checks in the
 *   same script that the lease key still holds its token: a write with an old token is rejected by Redis
 *   itself.</li>
 *   <li>Auth keys are stored base64-encoded, or sealed with AES-256-GCM when the builder has an
 *   {@link AuthKeyCipher}.</li>
 *   <li>Commands are dispatched from {@code Schedulers.boundedElastic()}: Lettuce's dispatch takes a lock that may
 *   park under contention, which must not happen on an event loop or a {@code parallel()} thread. Replies arrive
 *   on Lettuce's event loops.</li>
 *   <li>The three keys of an account share the hash tag {@code {<accountId>}}, so scripts work on Redis Cluster.</li>
 * </ul>
 */
public final class RedisSessionStore implements SessionStore, SessionLeases {

    private static final String SAVE = String.join("\n",
        "local cur = redis.call('HGET', KEYS[1], 'v')",
        "if ARGV[2] ~= '' then",
        "  local held = redis.call('GET', KEYS[2])",
        "  if not held then return {'lost', ''} end",
        "  local tok = string.match(held, '^(%d+)|')",
        "  if tok ~= ARGV[2] then return {'lost', tok or ''} end",
        "end",
        "if (cur or '0') ~= ARGV[1] then return {'conflict', cur or '0'} end",
        "redis.call('DEL', KEYS[1])",
        "redis.call('HSET', KEYS[1], unpack(ARGV, 4))",
        "if ARGV[3] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end",
        "return {'ok', ''}");

    private static final String ACQUIRE = String.join("\n",
        "local held = redis.call('GET', KEYS[1])",
        "if held then return {'held', held} end",
        "local t = redis.call('INCR', KEYS[2])",
        "redis.call('SET', KEYS[1], t .. '|' .. ARGV[1], 'NX', 'PX', ARGV[2])",
        "return {'ok', tostring(t)}");

    private static final String RENEW = String.join("\n",
        "local held = redis.call('GET', KEYS[1])",
        "if held and string.match(held, '^(%d+)|') == ARGV[1] then",
        "  redis.call('PEXPIRE', KEYS[1], ARGV[2])",
        "  return 1",
        "end",
        "return 0");

    private static final String RELEASE = String.join("\n",
        "local held = redis.call('GET', KEYS[1])",
        "if held and string.match(held, '^(%d+)|') == ARGV[1] then return redis.call('DEL', KEYS[1]) end",
        "return 0");

    private final RedisClient client;
    /** Whether {@link #close()} shuts {@link #client} down (false: the caller's client). */
    private final boolean ownsClient;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisReactiveCommands<String, String> redis;
    private final String prefix;
    private final AuthKeyCipher cipher;
    private final Duration ttl;

    private RedisSessionStore(Builder b, RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.client = client;
        this.ownsClient = b.client == null;
        this.connection = connection;
        this.redis = connection.reactive();
        this.prefix = b.prefix;
        this.cipher = b.cipher;
        this.ttl = b.ttl;
    }

    /**
     * Connects to {@code uri} ({@code redis://[password@]host:port[/db]}, {@code rediss://} for TLS).
     *
     * @param uri the server's URI
     * @return the store, once connected
     */
    public static Mono<RedisSessionStore> connect(String uri) {
        return builder(uri).connect();
    }

    /**
     * A builder for a store on {@code uri}.
     *
     * @param uri the server's URI
     * @return the builder
     */
    public static Builder builder(String uri) {
        return new Builder(RedisURI.create(Objects.requireNonNull(uri, "uri")), null);
    }

    /**
     * A builder for a store on a connection that {@code client} (the caller's, e.g. an application's, sharing its
     * event loops) opens to {@code uri}; {@link #close()} closes that connection and leaves the client as it is.
     *
     * @param client the caller's client
     * @param uri the server's URI
     * @return the builder
     */
    public static Builder builder(RedisClient client, RedisURI uri) {
        return new Builder(Objects.requireNonNull(uri, "uri"), Objects.requireNonNull(client, "client"));
    }

    /** Configures a store; {@link #connect()} opens its connection. */
    public static final class Builder {
        private final RedisURI uri;
        private final RedisClient client;
        private String prefix = "";
        private AuthKeyCipher cipher;
        private Duration ttl;

        private Builder(RedisURI uri, RedisClient client) {
            this.uri = uri;
            this.client = client;
        }

        /**
         * Prepended to every key (default none), e.g. {@code "app1:"}.
         *
         * @param value the prefix, may be empty
         * @return this builder
         */
        public Builder keyPrefix(String value) {
            this.prefix = Objects.requireNonNull(value, "keyPrefix");
            return this;
        }

        /**
         * Seals auth keys with AES-256-GCM under this cipher's key (null: base64 of the key).
         *
         * @param value the cipher, or null
         * @return this builder
         */
        public Builder cipher(AuthKeyCipher value) {
            this.cipher = value;
            return this;
        }

        /**
         * Expires an account's hash this long after its last save (default: never).
         *
         * @param value a positive duration, or null for never
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is zero or negative
         */
        public Builder ttl(Duration value) {
            if (value != null && (value.isNegative() || value.isZero())) {
                throw new IllegalArgumentException("ttl must be > 0");
            }
            this.ttl = value;
            return this;
        }

        /**
         * Opens one multiplexed connection (on a client of its own, shut down by {@link #close()}, unless the
         * builder was given the caller's).
         *
         * @return the store, once connected
         */
        public Mono<RedisSessionStore> connect() {
            return Mono.defer(() -> {
                // seed the shared DRBG off the event loops: seeding reads the OS entropy source
                io.mtflux.core.crypto.RandomSource.secure().nextLong();
                RedisClient used = client != null ? client : RedisClient.create();
                return Mono.fromCompletionStage(used.connectAsync(StringCodec.UTF8, uri))
                    .map(c -> new RedisSessionStore(this, used, c))
                    .onErrorResume(e -> client != null ? Mono.error(e)
                        : shutDown(used::shutdownAsync).then(Mono.error(e)));
            }).subscribeOn(Schedulers.boundedElastic());
        }
    }

    private String sessionKey(String accountId) {
        return prefix + "mtflux:session:{" + accountId + "}";
    }

    private String leaseKey(String accountId) {
        return prefix + "mtflux:lease:{" + accountId + "}";
    }

    private String fenceKey(String accountId) {
        return prefix + "mtflux:fence:{" + accountId + "}";
    }

    /** {@code text} with Redis glob characters escaped, for a literal part of a SCAN pattern. */
    static String globLiteral(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '^' || c == '-') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** The keys of the account hashes ({@code SCAN ... MATCH <prefix>mtflux:session:{*}}, never {@code KEYS}). */
    private Flux<String> scan(String keyStart) {
        ScanArgs args = ScanArgs.Builder.matches(globLiteral(keyStart) + "*").limit(500);
        return ScanStream.scan(redis, args).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Lists the account hashes with {@code SCAN} (cursor by cursor, never {@code KEYS}); SCAN may repeat a key, the
     * listing does not. An account whose hash expired ({@link Builder#ttl}) is gone from it.
     */
    @Override
    public Flux<String> accountIds() {
        String start = prefix + "mtflux:session:{";
        return scan(start)
            .filter(k -> k.startsWith(start) && k.endsWith("}"))
            .map(k -> k.substring(start.length(), k.length() - 1))
            .distinct();
    }

    /**
     * The current leases: <code>SCAN ... MATCH &lt;prefix&gt;mtflux:lease:&#123;&lt;accountIdPrefix&gt;*</code>,
     * then a {@code GET} of each (an expired or released lease key is gone, so it is not listed).
     */
    @Override
    public Mono<Map<String, String>> leaseHolders(String accountIdPrefix) {
        Objects.requireNonNull(accountIdPrefix, "accountIdPrefix");
        String start = prefix + "mtflux:lease:{";
        return scan(start + accountIdPrefix)
            .filter(k -> k.startsWith(start) && k.endsWith("}"))
            .distinct()
            .flatMap(k -> redis.get(k).subscribeOn(Schedulers.boundedElastic())
                .map(v -> Map.entry(k.substring(start.length(), k.length() - 1), v)), 16)
            .filter(e -> e.getValue().indexOf('|') > 0)
            .collectMap(Map.Entry::getKey, e -> e.getValue().substring(e.getValue().indexOf('|') + 1));
    }

    /**
     * The key of an account's hash (for operators and tests).
     *
     * @param accountId the account
     * @return the Redis key
     */
    public String keyOf(String accountId) {
        return sessionKey(accountId);
    }

    // -------------------------------------------------------------------------------------------------- reads

    @Override
    public Mono<SessionState> load(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        return redis.hgetall(sessionKey(accountId))
            .subscribeOn(Schedulers.boundedElastic())
            .collectMap(kv -> kv.getKey(), kv -> kv.getValue())
            .flatMap(m -> m.isEmpty() ? Mono.empty() : Mono.fromCallable(() -> decode(accountId, m, cipher)));
    }

    /**
     * The state in an account's hash as HGETALL returns it; a {@link CorruptSessionException} for anything else
     * (the hash is data another process may have written).
     */
    static SessionState decode(String accountId, Map<String, String> h, AuthKeyCipher cipher) {
        try {
            long version = Long.parseLong(field(h, "v"));
            int home = Integer.parseInt(field(h, "home"));
            if (version <= 0 || home <= 0) {
                throw new CorruptSessionException(accountId, "version or home DC is not positive");
            }
            String user = field(h, "user");
            Long userId = user.isEmpty() ? null : Long.parseLong(user);
            String bot = field(h, "bot");
            if (!bot.equals("0") && !bot.equals("1")) {
                throw new CorruptSessionException(accountId, "field bot is not 0 or 1");
            }
            List<DcEndpoint> options = StoredFields.parseDcOptions(field(h, "options"));
            UpdateState updates = StoredFields.parseUpdateState(field(h, "updates"));
            String apiIdText = h.get("api_id");
            Integer apiId = apiIdText == null ? null : Integer.valueOf(apiIdText);
            String apiHash = h.get("api_hash") == null ? null
                : StoredFields.parseApiHash(h.get("api_hash"), cipher, accountId);
            if ((apiId != null && apiId <= 0) || (apiHash != null && !SessionState.isValidApiHash(apiHash))) {
                throw new CorruptSessionException(accountId, "field api_id or api_hash is out of range");
            }
            PendingLogin pending = h.get("pending_login") == null ? null
                : StoredFields.parsePendingLogin(h.get("pending_login"), cipher, accountId);
            Map<Integer, DcAuth> dcs = new TreeMap<>();
            for (Map.Entry<String, String> e : h.entrySet()) {
                String name = e.getKey();
                if (name.startsWith("dc:")) {
                    int dcId = Integer.parseInt(name.substring(3));
                    if (dcId <= 0) {
                        throw new CorruptSessionException(accountId, "a DC field has id " + dcId);
                    }
                    dcs.put(dcId, decodeDc(accountId, dcId, e.getValue(), cipher));
                } else if (!List.of("v", "home", "user", "bot", "options", "updates", "api_id", "api_hash",
                    "pending_login").contains(name)) {
                    throw new CorruptSessionException(accountId, "unknown field '" + printable(name) + "'");
                }
            }
            return new SessionState(version, home, dcs, userId, bot.equals("1"), options, updates, apiId, apiHash,
                pending);
        } catch (NumberFormatException e) {
            throw new CorruptSessionException(accountId, "a numeric field is not a number");
        } catch (CorruptSessionException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new CorruptSessionException(accountId, e.getMessage());
        }
    }

    private static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static String field(Map<String, String> h, String name) {
        String v = h.get(name);
        if (v == null) {
            throw new IllegalArgumentException("field " + name + " is missing");
        }
        return v;
    }

    /** {@code p|e : createdSec : createdNano : salt : offset : authorized : base64(key)}. */
    private static DcAuth decodeDc(String accountId, int dcId, String value, AuthKeyCipher cipher) {
        String[] f = value.split(":", -1);
        if (f.length != 7) {
            throw new CorruptSessionException(accountId, "the field of DC " + dcId + " does not have 7 parts");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(f[6]);
        } catch (IllegalArgumentException e) {
            throw new CorruptSessionException(accountId, "the auth key of DC " + dcId + " is not base64");
        }
        if (f[0].equals("e")) {
            if (cipher == null) {
                throw new CorruptSessionException(accountId, "the auth key of DC " + dcId + " is encrypted and this "
                    + "store has no encryption key");
            }
            try {
                key = cipher.open(key, AuthKeyCipher.context(accountId, dcId));
            } catch (IllegalArgumentException e) {
                throw new CorruptSessionException(accountId, "auth key of DC " + dcId + ": " + e.getMessage());
            }
        } else if (!f[0].equals("p")) {
            throw new CorruptSessionException(accountId, "the auth key of DC " + dcId + " has an unknown format");
        }
        if (key.length != AuthKey.LENGTH) {
            throw new CorruptSessionException(accountId, "the auth key of DC " + dcId + " is " + key.length
                + " bytes, not " + AuthKey.LENGTH);
        }
        if (!f[5].equals("0") && !f[5].equals("1")) {
            throw new CorruptSessionException(accountId, "the authorized flag of DC " + dcId + " is not 0 or 1");
        }
        int nano = Integer.parseInt(f[2]);
        if (nano < 0 || nano > 999_999_999) {
            throw new CorruptSessionException(accountId, "the key creation time of DC " + dcId + " is out of range");
        }
        Instant created;
        try {
            created = Instant.ofEpochSecond(Long.parseLong(f[1]), nano);
        } catch (java.time.DateTimeException e) {
            throw new CorruptSessionException(accountId, "the key creation time of DC " + dcId + " is out of range");
        }
        return new DcAuth(AuthKey.of(key), created, Long.parseLong(f[3]), Long.parseLong(f[4]), f[5].equals("1"));
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

    private Mono<SessionState> write(String accountId, SessionState state, SessionLease fence) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(state, "state");
        return Mono.defer(() -> {
            SessionState next = state.withVersion(state.version() + 1);
            List<String> args = new ArrayList<>();
            args.add(Long.toString(state.version()));
            args.add(fence == null ? "" : Long.toString(fence.fencingToken()));
            args.add(ttl == null ? "" : Long.toString(ttl.toMillis()));
            args.addAll(encode(accountId, next, cipher));
            String[] keys = {sessionKey(accountId), leaseKey(accountId)};
            return redis.<List<Object>>eval(SAVE, ScriptOutputType.MULTI, keys, args.toArray(new String[0]))
                .subscribeOn(Schedulers.boundedElastic())
                .next()
                .flatMap(reply -> {
                    String outcome = String.valueOf(reply.get(0));
                    String detail = String.valueOf(reply.get(1));
                    if (outcome.equals("ok")) {
                        return Mono.just(next);
                    }
                    if (outcome.equals("lost")) {
                        return Mono.error(new LeaseLostException(accountId, fence.fencingToken(), detail.isEmpty()
                            ? "expired or released" : "a newer lease (token " + detail + ") exists"));
                    }
                    long actual;
                    try {
                        actual = Long.parseLong(detail);
                    } catch (NumberFormatException e) {
                        return Mono.error(new CorruptSessionException(accountId, "field v is not a number"));
                    }
                    return Mono.error(new SessionConflictException(accountId, state.version(), actual));
                });
        });
    }

    /** The hash of {@code state} (at its version), as field, value, field, value...: what {@link #decode} reads. */
    static List<String> encode(String accountId, SessionState state, AuthKeyCipher cipher) {
        List<String> args = new ArrayList<>();
        add(args, "v", Long.toString(state.version()));
        add(args, "home", Integer.toString(state.homeDc()));
        add(args, "user", state.userId() == null ? "" : Long.toString(state.userId()));
        add(args, "bot", state.bot() ? "1" : "0");
        add(args, "options", StoredFields.formatDcOptions(state.dcOptions()));
        add(args, "updates", StoredFields.formatUpdateState(state.updateState()));
        // written only when known, so a hash of a version before them reads the same
        if (state.apiId() != null) {
            add(args, "api_id", Integer.toString(state.apiId()));
        }
        if (state.apiHash() != null) {
            add(args, "api_hash", StoredFields.formatApiHash(state.apiHash(), cipher, accountId));
        }
        if (state.pendingLogin() != null) {
            add(args, "pending_login", StoredFields.formatPendingLogin(state.pendingLogin(), cipher, accountId));
        }
        for (Map.Entry<Integer, DcAuth> e : new TreeMap<>(state.dcs()).entrySet()) {
            add(args, "dc:" + e.getKey(), encodeDc(accountId, e.getKey(), e.getValue(), cipher));
        }
        return args;
    }

    private static void add(List<String> args, String field, String value) {
        args.add(field);
        args.add(value);
    }

    private static String encodeDc(String accountId, int dcId, DcAuth a, AuthKeyCipher cipher) {
        byte[] key = a.authKey().bytes();
        String format = "p";
        if (cipher != null) {
            key = cipher.seal(key, AuthKeyCipher.context(accountId, dcId));
            format = "e";
        }
        return format + ":" + a.createdAt().getEpochSecond() + ":" + a.createdAt().getNano() + ":" + a.serverSalt()
            + ":" + a.timeOffsetSeconds() + ":" + (a.authorized() ? "1" : "0") + ":"
            + Base64.getEncoder().encodeToString(key);
    }

    /** Deletes the account's hash; its lease and fencing counter stay, so tokens keep growing. */
    @Override
    public Mono<Void> delete(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        return redis.del(sessionKey(accountId)).subscribeOn(Schedulers.boundedElastic()).then();
    }

    // ------------------------------------------------------------------------------------------------- leases

    @Override
    public Mono<SessionLease> acquire(String accountId, String holder, Duration leaseTtl) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(leaseTtl, "ttl");
        if (leaseTtl.isNegative() || leaseTtl.isZero()) {
            return Mono.error(new IllegalArgumentException("ttl must be > 0"));
        }
        return Mono.defer(() -> {
            Instant expires = Instant.now().plus(leaseTtl);
            return redis.<List<Object>>eval(ACQUIRE, ScriptOutputType.MULTI,
                new String[] {leaseKey(accountId), fenceKey(accountId)}, holder, Long.toString(leaseTtl.toMillis()))
                .subscribeOn(Schedulers.boundedElastic())
                .next()
                .flatMap(reply -> {
                    String detail = String.valueOf(reply.get(1));
                    if (!"ok".equals(String.valueOf(reply.get(0)))) {
                        int bar = detail.indexOf('|');
                        return Mono.error(new LeaseHeldException(accountId, bar < 0 ? null
                            : detail.substring(bar + 1)));
                    }
                    return Mono.just(new SessionLease(accountId, holder, Long.parseLong(detail), leaseTtl, expires));
                });
        });
    }

    @Override
    public Mono<SessionLease> renew(SessionLease lease) {
        return Mono.defer(() -> {
            Instant expires = Instant.now().plus(lease.ttl());
            return redis.<Long>eval(RENEW, ScriptOutputType.INTEGER, new String[] {leaseKey(lease.accountId())},
                Long.toString(lease.fencingToken()), Long.toString(lease.ttl().toMillis()))
                .subscribeOn(Schedulers.boundedElastic())
                .next()
                .flatMap(n -> n == 1 ? Mono.just(lease.renewedUntil(expires))
                    : Mono.error(new LeaseLostException(lease.accountId(), lease.fencingToken(),
                        "expired, released or taken over")));
        });
    }

    @Override
    public Mono<Void> release(SessionLease lease) {
        return redis.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {leaseKey(lease.accountId())},
            Long.toString(lease.fencingToken())).subscribeOn(Schedulers.boundedElastic()).then();
    }

    /**
     * Closes the connection and shuts the client down (not a client the builder was given: only the connection).
     *
     * @return completes when the connection is closed and the own client shut down
     */
    public Mono<Void> close() {
        Mono<Void> closed = Mono.defer(() -> Mono.fromCompletionStage(connection.closeAsync()))
            .subscribeOn(Schedulers.boundedElastic());
        return ownsClient ? closed.then(shutDown(client::shutdownAsync)) : closed;
    }

    /**
     * Shuts a Lettuce client down from {@link Schedulers#boundedElastic()}, whichever thread subscribes. The
     * shutdown does blocking work (it stops the client's timer and executors, and may wait for their locks), and it
     * is asked for from the completion of a connection's close or connect, which runs on Lettuce's event loop: a
     * non-blocking thread, the very one being stopped.
     *
     * @param shutdownAsync starts the shutdown ({@code client::shutdownAsync})
     * @return completes when the client is shut down
     */
    static Mono<Void> shutDown(Supplier<? extends CompletionStage<Void>> shutdownAsync) {
        return Mono.defer(() -> Mono.fromCompletionStage(shutdownAsync.get())).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public String toString() {
        return "RedisSessionStore{keyPrefix='" + prefix + "', encrypted=" + (cipher != null) + ", ttl="
            + (ttl == null ? "none" : ttl.toString()) + "}";
    }
}
