package io.mtflux.samples;

import io.mtflux.accounts.AccountManager;
import io.mtflux.accounts.AccountManagerOptions;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.store.SessionStore;
import io.mtflux.store.url.OpenedSessionStore;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The accounts CLI ({@code java -jar samples/target/mtflux-accounts.jar run --store URL ...}): one instance of the
 * accounts runtime serving every account of a shared store under leases, printing one JSON line per account state
 * change on stdout ({@link AccountLines}); logs and errors go to stderr. It runs until SIGTERM (or another signal
 * that shuts the JVM down) or until its stdin closes, then closes the manager (the leases are released, the
 * {@code STOPPED} lines printed) and exits 0. Exit codes: 0 a clean shutdown, 1 the store cannot be opened or the
 * shutdown failed, 2 bad flags. See the samples README.
 */
public final class AccountsCli {
    /** How long closing the manager (every client, every lease) may take. */
    static final Duration CLOSE = Duration.ofSeconds(30);
    private static final Duration DRAIN = Duration.ofSeconds(5);
    private static final String USAGE = String.join("\n",
        "usage: mtflux-accounts run --store URL [--instance NAME] [--lease-ttl DURATION] [--api-id N --api-hash H]",
        "         [--server HOST:PORT --dc-id N --rsa-public-key FILE | --test-dcs | --testkit FILE]",
        "         [--transport abridged|intermediate|padded|full|ws|wss] [--obfuscated] [--proxy URL] [--tls-ca FILE]",
        "  --store      a directory, r2dbc:postgresql://..., r2dbc:h2:... or redis://... (the login CLI's --session)",
        "  --instance   this instance's name, unique per instance (default HOST-PID)",
        "  --lease-ttl  PT10S, 10s, 500ms, 2m, 1h (default 30s; renewed every third of it)",
        "  --api-id/--api-hash  for sessions that saved no API credentials (default MTFLUX_API_ID/MTFLUX_API_HASH)",
        "Prints one JSON line per account state change on stdout; stops on SIGTERM or when stdin closes.");

    private AccountsCli() {
    }

    public static void main(String[] args) {
        PrintStream lines = System.out;
        // stdout carries the JSON lines alone: anything else printed to System.out goes to stderr
        System.setOut(System.err);
        System.exit(run(args, System.in, lines, System.err, System.getenv(), true));
    }

    /**
     * Runs the CLI.
     *
     * @param in closing it stops the instance
     * @param out the JSON lines
     * @param err usage, errors and the start line
     * @param signals whether a JVM shutdown (SIGTERM) stops the instance cleanly and exits with the run's code
     * @return the exit code
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
                   boolean signals) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
            err.println(USAGE);
            return 0;
        }
        AccountsCliOptions options;
        ConnectionFlags.Connection connection;
        try {
            options = AccountsCliOptions.parse(args, env);
            connection = options.connection();
        } catch (UsageException e) {
            err.println("mtflux-accounts: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        OpenedSessionStore store;
        try {
            store = StoreOption.openShared(options.store(), "--store", env);
        } catch (UsageException e) {
            err.println("mtflux-accounts: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (StoreOpenException e) {
            err.println("mtflux-accounts: cannot open the store: " + e.getMessage());
            return 1;
        }
        return serve(options, connection, store, in, out, err, signals);
    }

    private static int serve(AccountsCliOptions options, ConnectionFlags.Connection connection,
                             OpenedSessionStore store, InputStream in, PrintStream out, PrintStream err,
                             boolean signals) {
        StopSignals stop = StopSignals.watch("mtflux-accounts", in, signals, CLOSE.plus(DRAIN).plusSeconds(15),
            out::flush);
        int exit = 1;
        Scheduler writer = Schedulers.newSingle("mtflux-accounts-out", true);
        AccountManager manager = null;
        try {
            SessionStore sessions = options.hasApiCredentials()
                ? new FallbackCredentialsStore(store.store(), options.apiId(), options.apiHash()) : store.store();
            // no credentials in the template: each client takes its session's (filled in by the store above)
            ClientOptions template = ClientOptions.builder().dcOptions(connection.dcOptions())
                .transport(connection.transport()).sessionStore(sessions).build();
            manager = AccountManager.create(AccountManagerOptions.builder().sessionStore(sessions)
                .clientTemplate(template).instance(options.instance()).leaseTtl(options.leaseTtl()).serveStore(true)
                .build());
            String instance = options.instance();
            CompletableFuture<Void> written = new CompletableFuture<>();
            manager.events().publishOn(writer).subscribe(e -> {
                out.println(AccountLines.account(e, instance));
                out.flush();
            }, written::completeExceptionally, () -> written.complete(null));
            out.println(AccountLines.ready(instance));
            out.flush();
            err.println("mtflux-accounts: instance " + instance + " serves " + store.shown() + " (lease ttl "
                + options.leaseTtl() + ", renewed every " + manager.options().leaseRenewEvery() + ")");
            manager.startAll().subscribe(null,
                e -> err.println("mtflux-accounts: serving failed: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage()));

            String why = stop.await();
            err.println("mtflux-accounts: stopping (" + why + "): closing every account and releasing the leases");
            manager.close().block(CLOSE);
            manager = null;
            written.get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
            exit = 0;
        } catch (Exception e) {
            err.println("mtflux-accounts: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            exit = 1;
        } finally {
            if (manager != null) {
                manager.close().onErrorResume(x -> Mono.empty()).block(CLOSE);
            }
            store.close().block(Duration.ofSeconds(10));
            writer.dispose();
            out.flush();
            err.println("mtflux-accounts: stopped");
            stop.finished(exit);
        }
        return exit;
    }
}
