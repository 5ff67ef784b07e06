package io.mtflux.samples;

import io.mtflux.core.client.ClientTransport;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.testkit.LoginLimits;
import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.api.Phones;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar samples/target/mtflux-demo.jar --web [--port N] [--host ADDR] [--token T]}: the web console
 * against the demo's embedded 3-DC testkit cluster, with the console CLI's runtime ({@link ConsoleRun}) over an
 * in-memory store. The first line on stdout is the console CLI's, {@code console: http://HOST:PORT/?token=TOKEN};
 * then the test numbers, codes, 2FA password and bot token to try. It runs until SIGTERM or the end of its stdin.
 * Exit codes: 0 a clean stop, 1 the cluster or the console did not start, 2 bad flags.
 */
final class DemoConsole {
    /** The flag that selects this mode, first on the demo's command line. */
    static final String WEB = "--web";
    /** The login code of the demo's registered users (the testkit sends it instead of a random one). */
    static final String CODE = "12345";
    static final String USER = "+15550100001";
    static final String TWO_FA_USER = "+15550100002";
    static final String PASSWORD = "hunter2";
    static final String HINT = "his pet";
    /** A test number (99966 X YYYY, home DC X) nobody registered: its login ends with the sign-up form. */
    static final String NEW_NUMBER = "+9996624242";
    static final String BOT_TOKEN = "700001:AAE-demo-bot-token";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String API_HASH = "0123456789abcdef0123456789abcdef";
    private static final String USAGE = "usage: mtflux-demo [--web [--port N] [--host ADDR] [--token T]]";
    private static final Set<String> VALUED = Set.of("--port", "--host", "--token");

    private DemoConsole() {
    }

    /**
     * Runs the console on the demo's cluster until a stop.
     *
     * @param args the demo's arguments, {@code --web} first
     * @param in closing it stops the run
     * @param out the console line and the accounts to try
     * @param err errors, the start and stop lines
     * @param signals whether a JVM shutdown (SIGTERM) stops the run cleanly and exits with its code
     * @return the exit code
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
                   boolean signals) {
        ConsoleCliOptions options;
        try {
            // only --port, --host and --token; then the console CLI's checks of them, with the demo's credentials
            Flags.parse(args, 1, VALUED, Set.of());
            List<String> consoleArgs = new ArrayList<>(List.of("--api-id", "1", "--api-hash", API_HASH));
            consoleArgs.addAll(Arrays.asList(args).subList(1, args.length));
            String token = env.get("MTFLUX_CONSOLE_TOKEN");
            options = ConsoleCliOptions.parse(consoleArgs.toArray(String[]::new),
                token == null ? Map.of() : Map.of("MTFLUX_CONSOLE_TOKEN", token));
        } catch (UsageException e) {
            err.println("mtflux-demo: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        TestCluster cluster;
        try {
            cluster = cluster().start().block(WAIT);
        } catch (RuntimeException e) {
            err.println("mtflux-demo: the testkit cluster did not start: " + e);
            return 1;
        }
        StopSignals stop = StopSignals.watch("mtflux-demo", in, signals,
            ConsoleRun.CLOSE.multipliedBy(3).plus(WAIT), out::flush);
        int exit = 1;
        ConsoleRun run = null;
        try {
            ConnectionFlags.Connection connection = new ConnectionFlags.Connection(cluster.dcOptions(),
                ClientTransport.tcp());
            run = ConsoleRun.start(new InMemorySessionStore(), connection, options.credentials(), options.host(),
                options.port(), options.token(), "mtflux-demo");
            out.println(run.firstLine());
            out.println(tryThis(cluster));
            out.flush();
            String why = stop.await();
            err.println("mtflux-demo: stopping (" + why + "): closing the console, the accounts and the cluster");
            ConsoleRun closing = run;
            run = null;
            closing.close();
            exit = 0;
        } catch (RuntimeException e) {
            err.println("mtflux-demo: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            exit = 1;
        } finally {
            if (run != null) {
                try {
                    run.close();
                } catch (RuntimeException e) {
                    err.println("mtflux-demo: closing failed: " + e.getClass().getSimpleName());
                }
            }
            try {
                cluster.stop().block(WAIT);
            } catch (RuntimeException e) {
                err.println("mtflux-demo: stopping the cluster failed: " + e.getClass().getSimpleName());
                exit = 1;
            }
            out.flush();
            stop.finished(exit);
        }
        return exit;
    }

    /** The demo's users and bot (as the offline demo's), with fixed codes so that a person can type them. */
    static TestCluster.Builder cluster() {
        return Testkit.cluster().dcs(3)
            .user(TestUser.of(USER).dc(3).name("Ann", "Lee").code(CODE))
            .user(TestUser.of(TWO_FA_USER).dc(1).name("Bob", "Ray").password(PASSWORD, HINT).code(CODE))
            .bot(TestBot.of(BOT_TOKEN).dc(2).name("Helper"));
    }

    /** What to try, after the console line: test data of an offline cluster, nothing real. */
    static String tryThis(TestCluster cluster) {
        String newCode = Phones.testNumberCode(2, LoginLimits.defaults().codeLength());
        return String.join("\n",
            "testkit cluster: " + cluster.dcCount() + " DCs on 127.0.0.1 ports " + cluster.endpoints().stream()
                .map(e -> String.valueOf(e.port())).toList() + " (test data, nothing real)",
            "open the URL above, pick any account id (e.g. ann) and log it in with:",
            "  user          phone " + USER + "  code " + CODE + "  (Ann Lee, home DC 3: a PHONE_MIGRATE)",
            "  2FA user      phone " + TWO_FA_USER + "  code " + CODE + "  password " + PASSWORD + " (hint \""
                + HINT + "\")  (Bob Ray, home DC 1)",
            "  sign-up       phone " + NEW_NUMBER + "  code " + newCode
                + "  (not registered: the terms of service, then a name)",
            "  bot           token " + BOT_TOKEN + "  (Helper)",
            "  QR login      on the QR page, accepted from another logged-in account",
            "REST: curl -H 'Authorization: Bearer TOKEN' -H 'Content-Type: application/json' -d '{\"phone\":\""
                + USER + "\"}' http://HOST:PORT/api/accounts/ann/send-code",
            "stops on SIGTERM (Ctrl-C) or at the end of stdin (Ctrl-D)");
    }
}
