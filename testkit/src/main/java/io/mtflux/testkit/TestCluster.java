package io.mtflux.testkit;

import io.mtflux.core.client.DcOptions;
import io.mtflux.core.client.DcUrls;
import io.mtflux.core.client.WebSocketClientTransport;
import io.mtflux.core.crypto.DhGroup;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.RsaPrivateKey;
import io.mtflux.core.internal.server.SrpServer;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.testkit.api.Account;
import io.mtflux.testkit.api.AccountDatabase;
import io.mtflux.testkit.api.ApiHandler;
import io.mtflux.testkit.api.ClusterTopology;
import io.mtflux.testkit.api.Phones;
import io.mtflux.testkit.api.TwoFactor;
import io.mtflux.testkit.server.Faults;
import io.mtflux.testkit.server.MtprotoServer;
import io.mtflux.testkit.tls.TlsCredentials;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * A running cluster of fake DCs: each DC is its own {@link MtprotoServer} on its own loopback port, all sharing one
 * account database (auth keys are per DC, logins per auth key). Login codes are delivered to the test through
 * {@link #codes()} and {@link #lastCode(String)}, never guessed.
 *
 * <pre>{@code
 * TestCluster cluster = Testkit.cluster().dcs(3).start().block();
 * MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
 *     .apiId(1).apiHash("x").dcOptions(cluster.dcOptions()).build());
 * cluster.faults(2).failNext("auth.sendCode", 1, RpcException.of(420, "FLOOD_WAIT_3"));
 * cluster.stop().block();
 * }</pre>
 */
public final class TestCluster {
    private static final Logger LOG = LoggerFactory.getLogger(TestCluster.class);

    private final List<MtprotoServer> servers;
    private final AccountDatabase accounts;
    private final RsaPrivateKey rsaKey;
    private final Sinks.Many<LoginCode> codes;
    private final int defaultDc;
    private final RandomSource random;
    private final TlsCredentials tls;

    private TestCluster(List<MtprotoServer> servers, AccountDatabase accounts, RsaPrivateKey rsaKey,
                        Sinks.Many<LoginCode> codes, int defaultDc, RandomSource random, TlsCredentials tls) {
        this.servers = servers;
        this.accounts = accounts;
        this.rsaKey = rsaKey;
        this.codes = codes;
        this.defaultDc = defaultDc;
        this.random = random;
        this.tls = tls;
    }

    static Builder builder() {
        return new Builder();
    }

    /** @return the number of DCs (they are numbered 1..N) */
    public int dcCount() {
        return servers.size();
    }

    /**
     * The DC options a client needs: one plain-TCP endpoint per DC and the cluster's RSA key, starting on the
     * default DC (2 when there are at least 2 DCs). {@code ClientOptions.builder().dcOptions(cluster.dcOptions())}.
     *
     * @return the options
     */
    public DcOptions dcOptions() {
        return dcOptions(defaultDc);
    }

    /**
     * @param startDc the DC a fresh client session starts on
     * @return the options
     */
    public DcOptions dcOptions(int startDc) {
        return DcOptions.of(endpoints(), rsaKeys(), startDc);
    }

    /** @return the endpoints of the DCs, in DC order, with the real ports */
    public List<DcEndpoint> endpoints() {
        List<DcEndpoint> list = new ArrayList<>();
        for (MtprotoServer s : servers) {
            list.add(DcEndpoint.of(s.dcId(), s.host(), s.port()));
        }
        return list;
    }

    /**
     * The HTTP path of every DC's WebSocket endpoint: each DC serves {@code ws://host:port/apiws} on its TCP port
     * (always), and {@code wss://} there too when the cluster has TLS.
     *
     * @return {@code /apiws}
     */
    public String webSocketPath() {
        return servers.get(0).webSocketPath();
    }

    /** @return the certificate every DC's {@code wss://} endpoint presents; empty without TLS */
    public Optional<X509Certificate> tlsCertificate() {
        return Optional.ofNullable(tls).map(TlsCredentials::certificate);
    }

    /** @return {@link #tlsCertificate()} as PEM text (for a client in another language to trust) */
    public Optional<String> tlsCertificatePem() {
        return Optional.ofNullable(tls).map(TlsCredentials::certificatePem);
    }

    /**
     * The client transport that reaches this cluster over WebSocket:
     * {@code ClientOptions.builder().dcOptions(cluster.dcOptions()).transport(cluster.webSocketTransport(false))}.
     *
     * @param secure {@code wss://}, trusting the cluster's certificate only (the cluster needs TLS), rather than
     *     {@code ws://}
     * @return the transport (obfuscated2 + intermediate inside, as Telegram's web clients)
     */
    public WebSocketClientTransport webSocketTransport(boolean secure) {
        WebSocketClientTransport transport = WebSocketClientTransport.create()
            .urls(secure ? DcUrls.wss() : DcUrls.ws());
        if (!secure) {
            return transport;
        }
        if (tls == null) {
            throw new IllegalStateException("the cluster has no TLS: build it with tls(..) or selfSignedTls()");
        }
        return transport.trustCertificates(tls.certificate());
    }

    /** @return the RSA public keys a client must trust to talk to this cluster */
    public RsaKeyRing rsaKeys() {
        return RsaKeyRing.of(rsaKey.publicKey());
    }

    /** @return the cluster's RSA private key (to start another cluster or the CLI with the same key) */
    public RsaPrivateKey rsaKey() {
        return rsaKey;
    }

    /**
     * Every login code the cluster sends, as it sends it: a hot multicast, so a subscriber sees the codes sent
     * after it subscribed (use {@link #lastCode} for one already sent).
     *
     * @return the codes
     */
    public Flux<LoginCode> codes() {
        return codes.asFlux();
    }

    /**
     * @param phone any common spelling of the number
     * @return the code most recently sent to it, while it is still usable
     */
    public Optional<LoginCode> lastCode(String phone) {
        return accounts.pendingCode(phone);
    }

    /**
     * @param phone any common spelling of the number
     * @return how many times {@code auth.resendCode} sent it a new code
     */
    public int resentCodes(String phone) {
        return accounts.resentCodes(phone);
    }

    /**
     * @param phone any common spelling of the number
     * @return how many of its codes {@code auth.cancelCode} closed
     */
    public int cancelledCodes(String phone) {
        return accounts.cancelledCodes(phone);
    }

    /**
     * @param dcId 1..N
     * @return that DC's server (fault controls on the connection level: drop connections, forget keys, ...)
     */
    public MtprotoServer dc(int dcId) {
        if (dcId < 1 || dcId > servers.size()) {
            throw new IllegalArgumentException("no DC " + dcId + " in a cluster of " + servers.size());
        }
        return servers.get(dcId - 1);
    }

    /**
     * @param dcId 1..N
     * @return that DC's fault controls (injected rpc errors, delays, dropped replies, clock skew)
     */
    public Faults faults(int dcId) {
        return dc(dcId).faults();
    }

    /** @return the shared account database (accounts, their home DCs, who is logged in) */
    public AccountDatabase accounts() {
        return accounts;
    }

    /**
     * @param phone any common spelling
     * @return the registered user with that phone
     */
    public Optional<Account> user(String phone) {
        return accounts.user(phone);
    }

    /**
     * The DC a number lives on, registered or not (where auth.sendCode for it must go).
     *
     * @param phone any common spelling
     * @return the DC
     */
    public int homeDcOf(String phone) {
        String normalized = Phones.normalize(phone);
        if (normalized == null) {
            throw new IllegalArgumentException("not a phone number");
        }
        return accounts.homeDcOf(normalized);
    }

    /**
     * Adds a user while the cluster runs (a password costs one PBKDF2, done on {@code Schedulers.parallel()}).
     *
     * @param user the user
     * @return the account
     */
    public Mono<Account> addUser(TestUser user) {
        return twoFactor(user, random).map(Optional::of).defaultIfEmpty(Optional.empty())
            .map(tf -> accounts.addUser(user.phone(), user.firstName(), user.lastName(), user.username(), user.dc(),
                tf.orElse(null), user.code()));
    }

    /**
     * Deactivates (deletes) a user: each of its logged-in keys gets 401 USER_DEACTIVATED on its next call; the phone
     * is free again (a new login with it signs up a new account).
     *
     * @param phone any common spelling
     * @throws IllegalArgumentException when no user has this phone
     */
    public void deactivateUser(String phone) {
        accounts.deactivate(phone);
    }

    /**
     * Bans a user: each of its logged-in keys gets 401 USER_DEACTIVATED_BAN on its next call, and auth.sendCode and
     * auth.signIn for its phone answer 400 PHONE_NUMBER_BANNED.
     *
     * @param phone any common spelling
     * @throws IllegalArgumentException when no user has this phone
     */
    public void banUser(String phone) {
        accounts.ban(phone);
    }

    /**
     * Expires every authorization of a user: each of its logged-in keys gets 401 SESSION_EXPIRED on its next call
     * and may log in again.
     *
     * @param phone any common spelling
     * @return how many keys were logged in
     * @throws IllegalArgumentException when no user has this phone
     */
    public int expireAuthorizations(String phone) {
        return accounts.expireAuthorizations(phone);
    }

    /**
     * Marks an auth key as used from two places at once: from now on every call on it is 406 AUTH_KEY_DUPLICATED
     * (a client must drop the key and make a new one). A temporary key's calls are judged by its permanent key.
     *
     * @param authKeyId the key's id ({@code client.session().dc(n).orElseThrow().authKey().id()})
     */
    public void duplicateAuthKey(long authKeyId) {
        accounts.markDuplicated(authKeyId);
    }

    /**
     * The user writes to Saved Messages from a device outside the cluster: the message is logged for
     * {@code updates.getDifference} and pushed to the latest session of each logged-in key of the user (a client
     * that is not connected then recovers it with {@code updates.getDifference}).
     *
     * @param phone any common spelling
     * @param text the message
     * @return the pts the message moved the account to
     * @throws IllegalArgumentException when no user has this phone
     */
    public int writeSavedMessage(String phone, String text) {
        return accounts.writeSavedMessage(phone, text);
    }

    /**
     * How many times a user's {@code messages.sendMessage} with this random_id was executed on the server: a
     * repeated random_id is answered {@code 400 RANDOM_ID_DUPLICATE} and not executed again, so an exactly-once test
     * expects 1 for every message it sent.
     *
     * @param phone any common spelling
     * @param randomId the random_id the message was sent with
     * @return the number of executions (0: never)
     * @throws IllegalArgumentException when no user has this phone
     */
    public int executions(String phone, long randomId) {
        return accounts.executions(userId(phone), randomId);
    }

    /**
     * Every random_id a user's sent messages carried, with how many times each was executed.
     *
     * @param phone any common spelling
     * @return a copy
     * @throws IllegalArgumentException when no user has this phone
     */
    public Map<Long, Integer> executions(String phone) {
        return accounts.executions(userId(phone));
    }

    private long userId(String phone) {
        return accounts.user(phone).orElseThrow(() -> new IllegalArgumentException("no user with this phone")).id();
    }

    /**
     * @param method a TL name such as {@code users.getUsers}
     * @return how many times any DC's API was called with it (answered or not), to count retries in tests
     */
    public int calls(String method) {
        return accounts.calls(method);
    }

    /**
     * Stops every DC; the cluster cannot be restarted (each {@link #dc(int)} can).
     *
     * @return completes when every DC has stopped
     */
    public Mono<Void> stop() {
        return Flux.fromIterable(servers).flatMap(MtprotoServer::stop).then()
            .doFinally(s -> codes.tryEmitComplete());
    }

    private static Mono<TwoFactor> twoFactor(TestUser user, RandomSource random) {
        if (user.password() == null) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> {
            byte[] salt1 = random.bytes(40);
            byte[] salt2 = random.bytes(16);
            SrpServer srp = SrpServer.fromPassword(user.password().getBytes(StandardCharsets.UTF_8), salt1, salt2,
                DhGroup.TELEGRAM);
            return new TwoFactor(srp, user.hint());
        }).subscribeOn(Schedulers.parallel());
    }

    /** Configures a cluster; every setter returns this builder. */
    public static final class Builder {
        private int dcs = 3;
        private String host = "127.0.0.1";
        private int port;
        private RsaPrivateKey rsaKey;
        private boolean testMode;
        private int defaultDc;
        private LoginLimits limits = LoginLimits.defaults();
        private Clock clock = Clock.systemUTC();
        private RandomSource random = RandomSource.secure();
        private ToIntFunction<String> newAccountDc;
        private final List<TestUser> users = new ArrayList<>();
        private final List<TestBot> bots = new ArrayList<>();
        private TlsCredentials tls;
        private boolean selfSignedTls;

        private Builder() {
        }

        /**
         * Serve {@code wss://} on every DC's port too, with this certificate. Without TLS the DCs serve MTProto over
         * TCP and {@code ws://} on each port.
         *
         * @param value the certificate and key (e.g. {@link TlsCredentials#fromPem})
         * @return this
         */
        public Builder tls(TlsCredentials value) {
            this.tls = Objects.requireNonNull(value, "tls");
            this.selfSignedTls = false;
            return this;
        }

        /**
         * Serve {@code wss://} on every DC's port too, with a self-signed certificate made at start for
         * {@code localhost}, {@code 127.0.0.1}, {@code ::1} and the cluster's host
         * ({@link TestCluster#tlsCertificate()} is what clients must trust).
         *
         * @return this
         */
        public Builder selfSignedTls() {
            this.tls = null;
            this.selfSignedTls = true;
            return this;
        }

        /**
         * @param count how many DCs (1..9; default 3)
         * @return this
         */
        public Builder dcs(int count) {
            if (count < 1 || count > 9) {
                throw new IllegalArgumentException("a cluster has 1 to 9 DCs");
            }
            this.dcs = count;
            return this;
        }

        /**
         * @param value the address every DC listens on and help.getConfig announces (default 127.0.0.1)
         * @return this
         */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /**
         * @param base DC i listens on base + i - 1; 0 (the default) picks free ports
         * @return this
         */
        public Builder port(int base) {
            this.port = base;
            return this;
        }

        /**
         * @param key the RSA key of every DC (default: a fresh 2048-bit key, a second or so to generate)
         * @return this
         */
        public Builder rsaKey(RsaPrivateKey key) {
            this.rsaKey = key;
            return this;
        }

        /**
         * @param value whether the DCs act as test DCs (help.getConfig test_mode, handshake dc + 10000 accepted)
         * @return this
         */
        public Builder testMode(boolean value) {
            this.testMode = value;
            return this;
        }

        /**
         * @param dc the DC {@link TestCluster#dcOptions()} starts clients on (default 2, or 1 with one DC)
         * @return this
         */
        public Builder defaultDc(int dc) {
            this.defaultDc = dc;
            return this;
        }

        /**
         * @param more users to create at start
         * @return this
         */
        public Builder user(TestUser... more) {
            users.addAll(List.of(more));
            return this;
        }

        /**
         * @param more bots to create at start
         * @return this
         */
        public Builder bot(TestBot... more) {
            bots.addAll(List.of(more));
            return this;
        }

        /**
         * @param value flood control and code rules (default {@link LoginLimits#defaults()})
         * @return this
         */
        public Builder limits(LoginLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * @param value the clock of code expiry, flood windows and temporary-key expiry (tests move it instead of
         *     sleeping)
         * @return this
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value the source of codes, hashes, ids and SRP secrets (default: secure)
         * @return this
         */
        public Builder random(RandomSource value) {
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        /**
         * @param assignment the home DC (1..N) of a new number that is not a test number {@code 99966X...},
         *     given its digits; by default a stable hash of the digits
         * @return this
         */
        public Builder newAccountDc(ToIntFunction<String> assignment) {
            this.newAccountDc = Objects.requireNonNull(assignment, "assignment");
            return this;
        }

        /**
         * Generates the RSA key if none was given, seeds the accounts and binds every DC.
         *
         * @return a cold {@code Mono} of the running cluster
         */
        public Mono<TestCluster> start() {
            int count = dcs;
            int startDc = defaultDc != 0 ? defaultDc : Math.min(2, count);
            if (startDc < 1 || startDc > count) {
                return Mono.error(new IllegalArgumentException("default DC " + startDc + " is not in the cluster"));
            }
            ToIntFunction<String> assignment = newAccountDc != null ? newAccountDc
                : digits -> 1 + Math.floorMod(digits.hashCode(), count);
            List<TestUser> seedUsers = List.copyOf(users);
            List<TestBot> seedBots = List.copyOf(bots);
            Mono<RsaPrivateKey> key = rsaKey != null ? Mono.just(rsaKey)
                : RsaPrivateKey.generateForServerAsync(2048, RandomSource.secure());
            String bindHost = host;
            // a key pair from the system's secure random: not on a parallel (non-blocking) thread
            Mono<Optional<TlsCredentials>> credentials = selfSignedTls
                ? Mono.fromCallable(() -> Optional.of(TlsCredentials.selfSigned(List.of(bindHost))))
                    .subscribeOn(Schedulers.boundedElastic())
                : Mono.just(Optional.ofNullable(tls));
            Sinks.Many<LoginCode> sink = Sinks.many().multicast().directBestEffort();
            AccountDatabase db = new AccountDatabase(clock, limits, random, count, assignment, code -> {
                synchronized (sink) {
                    sink.tryEmitNext(code);
                }
            });
            List<MtprotoServer> servers = new ArrayList<>();
            ClusterTopology topology = new ClusterTopology() {
                @Override
                public List<DcEndpoint> endpoints() {
                    List<DcEndpoint> list = new ArrayList<>();
                    for (MtprotoServer s : servers) {
                        list.add(DcEndpoint.of(s.dcId(), s.host(), s.port()));
                    }
                    return list;
                }

                @Override
                public boolean testMode() {
                    return testMode;
                }
            };
            RandomSource rnd = random;
            boolean test = testMode;
            Clock time = clock;
            return Mono.zip(key, credentials).flatMap(keys -> {
                RsaPrivateKey k = keys.getT1();
                TlsCredentials cert = keys.getT2().orElse(null);
                return Flux.fromIterable(seedUsers)
                    .flatMapSequential(u -> twoFactor(u, rnd).map(Optional::of).defaultIfEmpty(Optional.empty())
                        .doOnNext(tf -> db.addUser(u.phone(), u.firstName(), u.lastName(), u.username(), u.dc(),
                            tf.orElse(null), u.code())))
                    .then(Mono.fromRunnable(() -> {
                        for (TestBot b : seedBots) {
                            db.addBot(b.id(), b.token().substring(b.token().indexOf(':') + 1), b.firstName(),
                                b.username(), b.dc());
                        }
                        for (int i = 1; i <= count; i++) {
                            servers.add(MtprotoServer.builder().dcId(i).host(host).port(port == 0 ? 0 : port + i - 1)
                                .rsaKey(k).testMode(test).clock(time).tls(cert)
                                .handler(new ApiHandler(i, count, db, topology)).build());
                        }
                        // a server's TLS context reads the JDK's security files: not on a parallel thread
                    }).subscribeOn(Schedulers.boundedElastic()))
                    .then(Flux.fromIterable(servers)
                        // binding reads system settings from files: not on a parallel (non-blocking) thread
                        .concatMap(s -> s.start().subscribeOn(Schedulers.boundedElastic())).then())
                    .onErrorResume(e -> Flux.fromIterable(servers).flatMap(MtprotoServer::stop).then(Mono.error(e)))
                    .then(Mono.fromCallable(() -> {
                        TestCluster cluster = new TestCluster(List.copyOf(servers), db, k, sink, startDc, rnd, cert);
                        LOG.info("testkit cluster up: {} (TCP and ws{} on each port)", cluster.endpoints(),
                            cert == null ? "" : ", wss");
                        return cluster;
                    }));
            });
        }
    }
}
