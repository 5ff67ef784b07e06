package io.mtflux.samples;

import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionStore;
import io.mtflux.store.url.OpenedSessionStore;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The console CLI ({@code java -jar samples/target/mtflux-console.jar --server HOST:PORT --dc-id N
 * --rsa-public-key FILE --api-id N --api-hash H [--store URL] [--port N] [--host ADDR] [--token T]}): the web
 * console ({@code mtflux-web}) over an accounts runtime, so that any account can be logged in from a browser or
 * through the console's REST API. The first line on stdout is {@code console: http://HOST:PORT/?token=TOKEN}
 * (nothing else goes to stdout; logs and messages go to stderr). It runs until SIGTERM or the end of its stdin, then
 * closes the console and the accounts (their leases released) and exits 0. Exit codes: 0 a clean stop, 1 the store
 * cannot be opened, the console cannot listen or the stop failed, 2 bad flags. See the samples README.
 */
public final class ConsoleCli {
    private static final String USAGE = String.join("\n",
        "usage: mtflux-console --api-id N --api-hash H [--store URL] [--port N] [--host ADDR] [--token T]",
        "         [--server HOST:PORT --dc-id N --rsa-public-key FILE | --test-dcs | --testkit FILE]",
        "         [--transport abridged|intermediate|padded|full|ws|wss] [--obfuscated] [--proxy URL] [--tls-ca FILE]",
        "  --api-id/--api-hash  the app's credentials (else MTFLUX_API_ID/MTFLUX_API_HASH)",
        "  --store  a directory, r2dbc:postgresql://..., r2dbc:h2:... or redis://... (default: in memory)",
        "  --port   default 0: any free port; --host default 127.0.0.1",
        "  --token  the access token, 16+ of [A-Za-z0-9_-] (else MTFLUX_CONSOLE_TOKEN, else random)",
        "Prints 'console: http://HOST:PORT/?token=TOKEN' first; stops on SIGTERM or when stdin closes.");

    private ConsoleCli() {
    }

    public static void main(String[] args) {
        PrintStream lines = System.out;
        // stdout carries the console line alone: anything else printed to System.out goes to stderr
        System.setOut(System.err);
        System.exit(run(args, System.in, lines, System.err, System.getenv(), true));
    }

    /**
     * Runs the CLI.
     *
     * @param in closing it stops the console
     * @param out the console line
     * @param err usage, errors and the start and stop lines
     * @param signals whether a JVM shutdown (SIGTERM) stops the console cleanly and exits with the run's code
     * @return the exit code
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
                   boolean signals) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            err.println(USAGE);
            return 0;
        }
        ConsoleCliOptions options;
        ConnectionFlags.Connection connection;
        OpenedSessionStore store;
        try {
            options = ConsoleCliOptions.parse(args, env);
            connection = options.connection();
            store = options.store() == null ? null : StoreOption.openShared(options.store(), "--store", env);
        } catch (UsageException e) {
            err.println("mtflux-console: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (StoreOpenException e) {
            err.println("mtflux-console: cannot open the store: " + e.getMessage());
            return 1;
        }
        SessionStore sessions = store == null ? new InMemorySessionStore() : store.store();
        String shown = store == null ? "an in-memory store" : store.shown();
        StopSignals stop = StopSignals.watch("mtflux-console", in, signals,
            ConsoleRun.CLOSE.multipliedBy(3).plusSeconds(15), out::flush);
        int exit = 1;
        ConsoleRun run = null;
        try {
            run = ConsoleRun.start(sessions, connection, options.credentials(), options.host(), options.port(),
                options.token(), AccountsCliOptions.defaultInstance());
            out.println(run.firstLine());
            out.flush();
            err.println("mtflux-console: serving the accounts of " + shown + " at " + run.console().url());
            run.startStored(e -> err.println("mtflux-console: serving failed: " + e.getClass().getSimpleName()
                + ": " + e.getMessage()));

            String why = stop.await();
            err.println("mtflux-console: stopping (" + why + "): closing the console and every account");
            ConsoleRun closing = run;
            run = null;
            closing.close();
            exit = 0;
        } catch (RuntimeException e) {
            err.println("mtflux-console: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            exit = 1;
        } finally {
            if (run != null) {
                try {
                    run.close();
                } catch (RuntimeException e) {
                    err.println("mtflux-console: closing failed: " + e.getClass().getSimpleName());
                }
            }
            if (store != null) {
                store.close().onErrorResume(x -> Mono.empty()).block(Duration.ofSeconds(10));
            }
            out.flush();
            err.println("mtflux-console: stopped");
            stop.finished(exit);
        }
        return exit;
    }
}
