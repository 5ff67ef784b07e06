package io.mtflux.samples;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mtflux.accounts.AccountManager;
import io.mtflux.accounts.AccountManagerOptions;
import io.mtflux.accounts.AccountSpec;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.store.SessionStore;
import io.mtflux.web.Console;
import io.mtflux.web.ConsoleMetrics;
import io.mtflux.web.ConsoleOptions;
import java.time.Duration;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * The web console over an accounts runtime, as the console CLI and {@code mtflux-demo.jar --web} run it: one
 * {@link PrometheusMeterRegistry} (with {@link ConsoleMetrics#histograms()}) given to the shared
 * {@link ClientResources} (so {@code /metrics} and the dashboard see every client's meters) and to the
 * {@link AccountManager}; the manager serves every account of the
 * store under leases (as the accounts CLI does); the {@link Console} adds any account id it is asked to log in,
 * with the given API credentials.
 */
final class ConsoleRun {
    /** How long closing the console, the accounts and the resources may take. */
    static final Duration CLOSE = Duration.ofSeconds(30);
    /** The ttl of the accounts' leases: another instance on the same store takes an account after it. */
    static final Duration LEASE_TTL = Duration.ofSeconds(30);

    private final PrometheusMeterRegistry registry;
    private final ClientResources resources;
    private final AccountManager accounts;
    private final Console console;

    private ConsoleRun(PrometheusMeterRegistry registry, ClientResources resources, AccountManager accounts,
                       Console console) {
        this.registry = registry;
        this.resources = resources;
        this.accounts = accounts;
        this.console = console;
    }

    /**
     * Starts the accounts and the console; blocks (call it on a thread of the CLI, never an event loop).
     *
     * @param store the accounts' sessions; must have leases ({@code SessionLeases})
     * @param connection the DCs and transport of every client
     * @param credentials the API credentials of new accounts and of sessions that saved none
     * @param host the address the console binds to
     * @param port its port, 0 for any free one
     * @param token its access token, or null for a random one
     * @param instance the holder name of the leases
     * @return the running console
     * @throws RuntimeException when the console cannot bind (everything started is closed again)
     */
    static ConsoleRun start(SessionStore store, ConnectionFlags.Connection connection, ApiCredentials credentials,
                            String host, int port, String token, String instance) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // the RPC and login timers with histograms (the dashboard's percentiles), before any client registers them
        registry.config().meterFilter(ConsoleMetrics.histograms());
        ClientResources resources = ClientResources.builder().meterRegistry(registry).build();
        AccountManager accounts = null;
        try {
            // a session's own credentials win; the flags' fill in for sessions that saved none
            SessionStore sessions = new FallbackCredentialsStore(store, credentials.apiId(), credentials.apiHash());
            ClientOptions template = ClientOptions.builder().dcOptions(connection.dcOptions())
                .transport(connection.transport()).sessionStore(sessions).build();
            accounts = AccountManager.create(AccountManagerOptions.builder().sessionStore(sessions)
                .clientTemplate(template).resources(resources).meterRegistry(registry).instance(instance)
                .leaseTtl(LEASE_TTL).serveStore(true).build());
            ConsoleOptions.Builder options = ConsoleOptions.builder(accounts).host(host).port(port)
                .meterRegistry(registry)
                .newAccounts(id -> AccountSpec.of(id).withApiCredentials(credentials.apiId(), credentials.apiHash()));
            if (token != null) {
                options.token(token);
            }
            Console console = Console.start(options.build()).block(CLOSE);
            return new ConsoleRun(registry, resources, accounts, console);
        } catch (RuntimeException e) {
            if (accounts != null) {
                accounts.close().onErrorResume(x -> Mono.empty()).block(CLOSE);
            }
            resources.shutdown().onErrorResume(x -> Mono.empty()).block(CLOSE);
            registry.close();
            throw e;
        }
    }

    /** The line to print first: {@code console: http://HOST:PORT/?token=TOKEN} (it carries the token). */
    String firstLine() {
        return "console: " + console.accessUrl();
    }

    /** The accounts it serves. */
    AccountManager accounts() {
        return accounts;
    }

    /** The console. */
    Console console() {
        return console;
    }

    /** Starts every account of the store that has a login (the manager's {@code startAll}), in the background. */
    void startStored(Consumer<Throwable> onError) {
        accounts.startAll().subscribe(null, onError);
    }

    /**
     * Closes the console, then every account (their leases released), then the resources and the registry; blocks.
     *
     * @throws RuntimeException when a part failed to close in time (the others are still closed)
     */
    void close() {
        RuntimeException failed = null;
        try {
            console.close().block(CLOSE);
        } catch (RuntimeException e) {
            failed = e;
        }
        try {
            accounts.close().block(CLOSE);
        } catch (RuntimeException e) {
            failed = failed == null ? e : failed;
        }
        try {
            resources.shutdown().block(CLOSE);
        } catch (RuntimeException e) {
            failed = failed == null ? e : failed;
        }
        registry.close();
        if (failed != null) {
            throw failed;
        }
    }
}
