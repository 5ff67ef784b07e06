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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The login CLI ({@code java -jar samples/target/mtflux-login.jar}): logs a user or a bot in to Telegram or to
 * any MTProto server. Values not given as flags come from the environment ({@code MTFLUX_PHONE}, ...), else are
 * asked for on the terminal (questions, the terms of service and errors on the console or stderr; stdout carries
 * the results). Secrets are best given so that {@code ps} does not show them: {@code MTFLUX_*} variables, or
 * {@code --password-file}, {@code --bot-token-file}, {@code --code-file} ({@code -}: standard input). Exit codes:
 * 0 logged in, 1 the login failed (one line: the typed error's name and message, e.g. a server that cannot be
 * reached or speaks no MTProto), 2 bad flags (one line). See the samples README for every flag.
 */
public final class LoginCli {
    private static final Set<String> VALUED = Flags.union(ConnectionFlags.VALUED, Set.of("--phone", "--code",
        "--password", "--first-name", "--last-name", "--bot-token", "--api-id", "--api-hash", "--session",
        "--account", "--password-file", "--bot-token-file", "--code-file"));
    /** The secrets that can come from a file ({@code -}: one line of standard input), by the flag they stand for. */
    private static final Map<String, String> SECRET_FILES = Map.of("--password-file", "--password",
        "--bot-token-file", "--bot-token", "--code-file", "--code");
    private static final Set<String> SWITCHES = Flags.union(ConnectionFlags.SWITCHES, Set.of("--json", "--qr",
        "--resend"));

    private LoginCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv(), System.in));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, out, err, env, System.in);
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, InputStream in) {
        Map<String, String> flags;
        MtprotoClient client;
        SessionOption session = null;
        try {
            flags = secretsFromFiles(parse(args), in);
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
                .orElse(LoginPrompts.terminal(terminal(in, err)));
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
    private static LoginTerminal terminal(InputStream in, PrintStream err) {
        java.io.Console console = System.console();
        return console != null ? LoginTerminal.of(console) : LoginTerminal.of(in, err);
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

    /**
     * {@code --password-file}, {@code --bot-token-file}, {@code --code-file}: the secret is the file's first line
     * ({@code -}: one line of standard input, read byte by byte so that the terminal questions read the rest), in
     * place of the flag that would show it in {@code ps}. The message of an error never holds a secret.
     *
     * @throws UsageException for a flag given both ways, {@code -} given twice, an unreadable or empty file
     */
    static Map<String, String> secretsFromFiles(Map<String, String> flags, InputStream in) {
        Map<String, String> all = new HashMap<>(flags);
        if (SECRET_FILES.keySet().stream().filter(f -> "-".equals(flags.get(f))).count() > 1) {
            throw new UsageException("only one of --password-file, --bot-token-file and --code-file can be -"
                + " (standard input)");
        }
        for (Map.Entry<String, String> e : SECRET_FILES.entrySet()) {
            String file = flags.get(e.getKey());
            if (file == null) {
                continue;
            }
            if (flags.containsKey(e.getValue())) {
                throw new UsageException(e.getKey() + " does not go with " + e.getValue());
            }
            String secret;
            if (file.equals("-")) {
                secret = readLine(in, e.getKey());
            } else {
                try {
                    secret = Files.readString(Path.of(file)).lines().findFirst().orElse("");
                } catch (IOException | RuntimeException ex) {
                    throw new UsageException("cannot read " + e.getKey() + " " + file + " ("
                        + ex.getClass().getSimpleName() + ")");
                }
            }
            if (secret.isEmpty()) {
                throw new UsageException(e.getKey() + " " + file + ": the first line is empty");
            }
            all.put(e.getValue(), secret);
        }
        return all;
    }

    /** One line of {@code in}, without its line end; the bytes after it are left unread. */
    private static String readLine(InputStream in, String flag) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
        } catch (IOException e) {
            throw new UsageException("cannot read " + flag + " from standard input (" + e.getClass().getSimpleName()
                + ")");
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
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
        ApiCredentials credentials = ApiCredentials.required(flags, env);
        ConnectionFlags.Connection connection = ConnectionFlags.of(flags);
        ClientOptions.Builder builder = ClientOptions.builder().apiId(credentials.apiId())
            .apiHash(credentials.apiHash()).dcOptions(connection.dcOptions()).transport(connection.transport());
        if (session != null) {
            builder.sessionStore(session.store().store()).accountId(session.accountId());
        }
        return MtprotoClient.create(builder.build());
    }
}
