package io.mtflux.web;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mtflux.accounts.AccountManager;
import io.mtflux.accounts.AccountManagerOptions;
import io.mtflux.accounts.AccountSpec;
import io.mtflux.accounts.LoginResult;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.auth.LoginStatus;
import io.mtflux.auth.PhoneCodeInvalidException;
import io.mtflux.auth.ResumableLogin;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.server.Faults;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A console over real accounts on a testkit cluster (one DC): {@link #USERS} users, the last one banned, an account
 * {@code idle} never logged in; the clients and the manager measure with one {@link PrometheusMeterRegistry} that
 * has {@link ConsoleMetrics#configure}. The log of the run (slf4j-simple writes to System.err) is captured.
 */
final class ConsoleFixture implements AutoCloseable {
    static final int API_ID = 12345;
    static final String API_HASH = "0123456789abcdef0123456789abcdef";
    static final String CODE = "24680";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final int USERS = 4;
    static final UsersGetUsers SELF = new UsersGetUsers(List.of(new InputUserSelf()));

    final TestCluster cluster;
    final ClientResources resources;
    final PrometheusMeterRegistry registry;
    final AccountManager accounts;
    final Console console;
    final ClientOptions template;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream originalErr = System.err;
    private Disposable traffic;

    static String phone(int i) {
        return "+1555620" + (1000 + i);
    }

    static String id(int i) {
        return "acc-" + i;
    }

    static boolean banned(int i) {
        return i == USERS - 1;
    }

    /** Starts it; {@code login} logs the accounts in first. */
    static ConsoleFixture start(boolean login, UnaryOperator<ConsoleOptions.Builder> options) {
        return new ConsoleFixture(login, options);
    }

    private ConsoleFixture(boolean login, UnaryOperator<ConsoleOptions.Builder> options) {
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                originalErr.write(b);
                synchronized (log) {
                    log.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                originalErr.write(b, off, len);
                synchronized (log) {
                    log.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        TestCluster.Builder b = Testkit.cluster().dcs(1);
        for (int i = 0; i <= USERS; i++) {
            b.user(TestUser.of(phone(i)).dc(1).name("User", Integer.toString(i)).code(CODE));
        }
        cluster = b.start().block(WAIT);
        cluster.banUser(phone(USERS - 1));
        registry = ConsoleMetrics.configure(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        resources = ClientResources.builder().ioThreads(2).meterRegistry(registry).build();
        template = ClientOptions.builder().apiId(API_ID).apiHash(API_HASH)
            .dcOptions(cluster.dcOptions(1))
            .retry(RpcRetry.defaults().withFloodWaitThreshold(Duration.ofSeconds(2))).maxConnectAttempts(30)
            .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofMillis(200)).equalJitter()).build();
        accounts = AccountManager.create(AccountManagerOptions.builder().resources(resources)
            .sessionStore(new InMemorySessionStore()).clientTemplate(template).meterRegistry(registry).build());
        accounts.add(AccountSpec.of("idle"));
        if (login) {
            List<LoginResult> results = accounts.addAndLogin(
                Flux.range(0, USERS).map(i -> AccountSpec.of(id(i))),
                accountId -> LoginPrompts.builder().phone(phone(Integer.parseInt(accountId.substring(4))))
                    .code(CODE).build(), 4).collectList().block(WAIT);
            for (LoginResult r : results) {
                int i = Integer.parseInt(r.accountId().substring(4));
                if (banned(i) == r.isAuthorized()) {
                    throw new AssertionError("unexpected login result " + r);
                }
            }
        }
        console = Console.start(options.apply(ConsoleOptions.builder(accounts)).build()).block(WAIT);
    }

    /** Starts calls: every 100 ms each authorized account asks for itself. */
    void startTraffic() {
        if (traffic != null) {
            return;
        }
        traffic = Flux.interval(Duration.ofMillis(100), Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(t -> Flux.range(0, USERS - 1)
                .flatMap(i -> accounts.invoke(id(i), SELF).onErrorResume(e -> Mono.empty()))
                .then(), 1)
            .subscribe();
    }

    /** Some calls fail: two with an RPC error, one with a short flood wait. */
    void injectErrors() {
        cluster.faults(1).failNext("users.getUsers", 2, RpcException.of(400, "USER_ID_INVALID"));
        accounts.invoke(id(0), SELF).onErrorResume(e -> Mono.empty()).block(WAIT);
        accounts.invoke(id(1), SELF).onErrorResume(e -> Mono.empty()).block(WAIT);
        cluster.faults(1).failNext("users.getUsers", 1, RpcException.of(420, "FLOOD_WAIT_1"));
        accounts.invoke(id(0), SELF).onErrorResume(e -> Mono.empty()).block(WAIT);
    }

    /**
     * A resumable login (it counts the login funnel) of user {@link #USERS}, outside the manager: a code, a wrong
     * code, the right one.
     */
    void resumableLogin() {
        MtprotoClient client = MtprotoClient.create(template.mutate().resources(resources)
            .sessionStore(new InMemorySessionStore()).accountId("funnel").build());
        try {
            client.connect().block(WAIT);
            ResumableLogin login = ResumableLogin.of(client).withMeterRegistry(registry);
            login.sendCode(phone(USERS)).block(WAIT);
            try {
                login.signIn("11111").block(WAIT);
                throw new AssertionError("a wrong code signed in");
            } catch (PhoneCodeInvalidException expected) {
                // counted in mtproto.login.failures
            }
            LoginStatus done = login.signIn(CODE).block(WAIT);
            if (done.step() != LoginStatus.Step.AUTHORIZED) {
                throw new AssertionError("not authorized: " + done.step());
            }
        } finally {
            client.close().block(WAIT);
        }
    }

    /** Spoils the next packet the server sends: the client drops the connection and reconnects. */
    void forceReconnect() {
        int fired = cluster.faults(1).tampersFired(Faults.Tamper.MALFORMED_TL);
        cluster.faults(1).tamperNext(Faults.Tamper.MALFORMED_TL);
        accounts.invoke(id(0), SELF).onErrorResume(e -> Mono.empty()).block(WAIT);
        if (cluster.faults(1).tampersFired(Faults.Tamper.MALFORMED_TL) != fired + 1) {
            throw new AssertionError("the malformed packet meant to force a reconnect was never sent");
        }
    }

    /** The log of the run so far. */
    String log() {
        synchronized (log) {
            return log.toString(StandardCharsets.UTF_8);
        }
    }

    String base() {
        return console.url().toString().replaceAll("/$", "");
    }

    String token() {
        return console.options().token();
    }

    @Override
    public void close() {
        try {
            if (traffic != null) {
                traffic.dispose();
            }
            console.close().block(WAIT);
            accounts.close().block(WAIT);
            resources.shutdown().block(WAIT);
            cluster.stop().block(WAIT);
        } finally {
            System.setErr(originalErr);
        }
    }
}
