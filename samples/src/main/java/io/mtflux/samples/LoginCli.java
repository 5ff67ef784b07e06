package io.mtflux.samples;

import io.mtflux.auth.CodeAnswer;
import io.mtflux.auth.LoginFlows;
import io.mtflux.auth.LoginPromptEmptyException;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.auth.LoginTerminal;
import io.mtflux.auth.QrLoginStep;
import io.mtflux.auth.TermsOfService;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.User;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The login CLI ({@code java -jar samples/target/mtflux-login.jar}): logs a user or a bot in to Telegram or to
 * any MTProto server. Values not given as flags come from the environment ({@code MTFLUX_PHONE}, ...), else are
 * asked for on the terminal (questions, the terms of service and errors on the console or stderr; stdout carries
 * the results). Exit codes: 0 logged in, 1 the login failed (the typed error's name is printed), 2 bad flags. See
 * the samples README for every flag.
 */
public final class LoginCli {
    private static final Set<String> VALUED = Flags.union(ConnectionFlags.VALUED, Set.of("--phone", "--code",
        "--password", "--first-name", "--last-name", "--bot-token", "--api-id", "--api-hash", "--session",
        "--account"));
    private static final Set<String> SWITCHES = Flags.union(ConnectionFlags.SWITCHES, Set.of("--json", "--qr",
        "--resend"));

    private LoginCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Map<String, String> flags;
        MtprotoClient client;
        SessionOption session = null;
        try {
            flags = parse(args);
            if (flags.containsKey("--account") && !flags.containsKey("--session")) {
                throw new UsageException("--account names an account in the --session store: give --session too");
            }
            session = flags.containsKey("--session") ? SessionOption.resolve(flags.get("--session"),
                flags.getOrDefault("--account", SessionOption.ACCOUNT), env) : null;
            client = client(flags, env, session);
        } catch (UsageException e) {
            err.println("mtflux-login: " + e.getMessage());
            if (session != null) {
                session.store().close().block(Duration.ofSeconds(10));
            }
            return 2;
        }
        try {
            client.connect().block(Duration.ofSeconds(60));
            LoginFlows flows = LoginFlows.create(client);
            LoginPrompts prompts = prompts(flags, err).orElse(LoginPrompts.environment(env))
                .orElse(LoginPrompts.terminal(terminal(err)));
            Mono<User> login = flags.containsKey("--qr") ? qrLogin(flows, prompts, out) : flows.start(prompts);
            BaseUser u = (BaseUser) login.block(Duration.ofMinutes(30));
            out.println("logged in as " + (u.bot() ? "bot " : "user ") + u.id() + " (" + u.firstName()
                + (u.lastName() == null ? "" : " " + u.lastName()) + ") on DC " + client.session().homeDc());
            if (session != null) {
                out.println(session.report(client));
            }
            if (flags.containsKey("--json")) {
                out.println("{\"ok\":true,\"user_id\":" + u.id() + ",\"dc\":" + client.session().homeDc()
                    + ",\"bot\":" + u.bot() + "}");
            }
            return 0;
        } catch (RuntimeException e) {
            Throwable cause = reactor.core.Exceptions.unwrap(e);
            // the input ended after an error (e.g. the wrong code given with --code): that error is the reason
            Throwable reported = cause instanceof LoginPromptEmptyException empty && empty.getCause() != null
                ? empty.getCause() : cause;
            err.println("mtflux-login: " + reported.getClass().getSimpleName() + ": " + reported.getMessage());
            if (reported != cause) {
                err.println("mtflux-login: " + cause.getMessage());
            }
            if (flags.containsKey("--json")) {
                out.println("{\"ok\":false,\"error\":\"" + reported.getClass().getSimpleName() + "\"}");
            }
            return 1;
        } finally {
            client.close().block(Duration.ofSeconds(10));
            if (session != null) {
                session.store().close().block(Duration.ofSeconds(10));
            }
        }
    }

    /**
     * The values given as flags: {@code --code} answers the first time the code is asked ({@code --resend}: the
     * second, after asking for another code), the names come with the terms of service shown on {@code err}.
     */
    private static LoginPrompts prompts(Map<String, String> flags, PrintStream err) {
        LoginPrompts.Builder prompts = LoginPrompts.builder();
        if (flags.containsKey("--phone")) {
            prompts.phone(flags.get("--phone"));
        }
        boolean resend = flags.containsKey("--resend");
        String code = flags.get("--code");
        if (resend || code != null) {
            // one login per run: the asks of this login are counted here
            AtomicInteger asks = new AtomicInteger();
            prompts.codeAnswer(sent -> {
                int ask = asks.incrementAndGet();
                if (resend && ask == 1) {
                    return Mono.just(CodeAnswer.resend());
                }
                return code != null && ask == (resend ? 2 : 1) ? Mono.just(CodeAnswer.of(code)) : Mono.empty();
            });
        }
        if (flags.containsKey("--password")) {
            prompts.password(flags.get("--password"));
        }
        if (flags.containsKey("--first-name")) {
            LoginPrompts.SignUpNames names = new LoginPrompts.SignUpNames(flags.get("--first-name"),
                flags.getOrDefault("--last-name", ""));
            prompts.signUp(terms -> Mono.fromRunnable(() -> showTerms(terms, err))
                .subscribeOn(Schedulers.boundedElastic()).thenReturn(names));
        }
        if (flags.containsKey("--bot-token")) {
            prompts.botToken(flags.get("--bot-token"));
        }
        return prompts.build();
    }

    private static void showTerms(TermsOfService terms, PrintStream err) {
        if (!terms.isEmpty()) {
            err.println("Terms of service (signing up accepts them):");
            err.println(terms.text());
        }
    }

    /** The console when there is one, else lines from stdin with the questions on {@code err}. */
    private static LoginTerminal terminal(PrintStream err) {
        java.io.Console console = System.console();
        return console != null ? LoginTerminal.of(console) : LoginTerminal.of(System.in, err);
    }

    /**
     * QR login: prints every token as a QR code drawn with block characters and as a {@code tg://login?token=...}
     * line (to scan or open with a logged-in app) until one is accepted; the 2FA password, if any, from
     * {@code --password} or the terminal.
     */
    private static Mono<User> qrLogin(LoginFlows flows, LoginPrompts prompts, PrintStream out) {
        return flows.startQr(prompts)
            .doOnNext(step -> {
                if (step instanceof QrLoginStep.Token token) {
                    out.print(TerminalQr.render(TerminalQr.encode(token.url())));
                    out.println("scan with a logged-in Telegram app (Settings > Devices > Link Desktop Device),"
                        + " valid until " + java.time.Instant.ofEpochSecond(token.expires()) + ":");
                    out.println(token.url());
                    out.flush();
                }
            })
            .ofType(QrLoginStep.Authorized.class)
            .next()
            .map(QrLoginStep.Authorized::user);
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> flags = Flags.parse(args, 0, VALUED, SWITCHES);
        if (flags.containsKey("--qr") && (flags.containsKey("--bot-token") || flags.containsKey("--phone")
            || flags.containsKey("--code") || flags.containsKey("--resend"))) {
            throw new UsageException("--qr does not go with --bot-token, --phone, --code or --resend");
        }
        if (flags.containsKey("--resend") && flags.containsKey("--bot-token")) {
            throw new UsageException("--resend does not go with --bot-token");
        }
        return flags;
    }

    private static MtprotoClient client(Map<String, String> flags, Map<String, String> env,
                                        SessionOption session) {
        String apiId = flags.getOrDefault("--api-id", env.get("MTFLUX_API_ID"));
        String apiHash = flags.getOrDefault("--api-hash", env.get("MTFLUX_API_HASH"));
        if (apiId == null || apiHash == null) {
            throw new UsageException("--api-id and --api-hash (or MTFLUX_API_ID and MTFLUX_API_HASH) are required");
        }
        ConnectionFlags.Connection connection = ConnectionFlags.of(flags);
        ClientOptions.Builder builder = ClientOptions.builder().apiId(Flags.intFlag("--api-id", apiId))
            .apiHash(apiHash).dcOptions(connection.dcOptions()).transport(connection.transport());
        if (session != null) {
            builder.sessionStore(session.store().store()).accountId(session.accountId());
        }
        return MtprotoClient.create(builder.build());
    }
}
