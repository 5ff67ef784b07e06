package io.mtflux.samples;

import io.mtflux.auth.CodeAnswer;
import io.mtflux.auth.LoginFlows;
import io.mtflux.auth.LoginPromptEmptyException;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.auth.LoginTerminal;
import io.mtflux.auth.QrLoginStep;
import io.mtflux.auth.TermsOfService;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientTransport;
import io.mtflux.core.client.DcOptions;
import io.mtflux.core.client.DcUrls;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.client.WebSocketClientTransport;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.RsaPem;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.User;
import io.mtflux.testkit.TestkitReadyLine;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.TcpTransportClient;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.mtproxy.MtProxyConfig;
import io.mtflux.transport.proxy.ProxyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
    private static final Set<String> VALUED = Set.of("--phone", "--code", "--password", "--first-name",
        "--last-name", "--bot-token", "--api-id", "--api-hash", "--server", "--dc-id", "--rsa-public-key",
        "--transport", "--proxy", "--session", "--tls-ca", "--testkit", "--account");
    private static final Set<String> SWITCHES = Set.of("--json", "--test-dcs", "--obfuscated", "--qr", "--resend");
    /** {@code --transport ws|wss}: the values that select the WebSocket transport. */
    private static final Set<String> WEBSOCKET = Set.of("ws", "wss");

    private LoginCli() {
    }

    /** Bad command-line input: exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Map<String, String> flags;
        MtprotoClient client;
        SessionOption session;
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
                out.println(session.report().apply(client));
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
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (SWITCHES.contains(arg)) {
                flags.put(arg, "true");
            } else if (VALUED.contains(arg)) {
                if (i + 1 >= args.length) {
                    throw new UsageException(arg + " needs a value");
                }
                flags.put(arg, args[++i]);
            } else {
                throw new UsageException("unknown flag " + arg);
            }
        }
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
        TestkitReadyLine testkit = flags.containsKey("--testkit") ? testkit(flags) : null;
        DcOptions options = testkit != null ? testkitOptions(flags, testkit) : dcOptions(flags);
        ClientTransport transport = WEBSOCKET.contains(flags.getOrDefault("--transport", ""))
            ? webSocket(flags, options, testkit) : ClientTransport.tcp(transport(flags));
        ClientOptions.Builder builder = ClientOptions.builder().apiId(intFlag("--api-id", apiId)).apiHash(apiHash)
            .dcOptions(options).transport(transport);
        if (session != null) {
            builder.sessionStore(session.store()).accountId(session.accountId());
        }
        return MtprotoClient.create(builder.build());
    }

    /**
     * {@code --transport ws|wss}: {@code ws://HOST:PORT/apiws} (resp. {@code wss://}) for {@code --server}, else
     * Telegram's web endpoints; obfuscated2 + intermediate inside, as Telegram's web clients; {@code --tls-ca}
     * certificates as the only trust of {@code wss://}. The URLs follow the DC addresses the client learns.
     */
    private static WebSocketClientTransport webSocket(Map<String, String> flags, DcOptions options,
                                                      TestkitReadyLine testkit) {
        boolean secure = flags.get("--transport").equals("wss");
        if (flags.containsKey("--proxy")) {
            throw new UsageException("--proxy does not go with --transport " + flags.get("--transport"));
        }
        if (flags.containsKey("--tls-ca") && !secure) {
            throw new UsageException("--tls-ca goes with --transport wss");
        }
        boolean custom = flags.containsKey("--server") || testkit != null;
        DcUrls urls = !custom ? DcUrls.telegramWeb() : secure ? DcUrls.wss() : DcUrls.ws();
        WebSocketClientTransport transport = ClientTransport.websocket(urls);
        try {
            transport.url(options.defaultDc(), options);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--transport " + flags.get("--transport") + ": " + e.getMessage());
        }
        String ca = flags.get("--tls-ca");
        if (ca == null && secure && testkit != null) {
            // the testkit's own certificate, from its first line
            return transport.trustCertificates(testkit.tlsCertificate().orElseThrow(() -> new UsageException(
                "--testkit: the testkit serves no wss:// (start it with --wss or --tls-cert)")));
        }
        return ca == null ? transport : transport.trustCertificates(certificates(ca));
    }

    /** {@code --testkit FILE}: the first line of the testkit jar's stdout, saved in {@code FILE}. */
    private static TestkitReadyLine testkit(Map<String, String> flags) {
        for (String other : List.of("--server", "--rsa-public-key", "--test-dcs")) {
            if (flags.containsKey(other)) {
                throw new UsageException("--testkit does not go with " + other);
            }
        }
        String file = flags.get("--testkit");
        String first;
        try (java.io.BufferedReader lines = Files.newBufferedReader(Path.of(file))) {
            first = lines.readLine();
        } catch (IOException | RuntimeException e) {
            throw new UsageException("cannot read --testkit " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        if (first == null) {
            throw new UsageException("--testkit " + file + " is empty");
        }
        try {
            return TestkitReadyLine.parse(first);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--testkit " + file + ": " + e.getMessage());
        }
    }

    /** Every DC of the testkit line with its key, starting on {@code --dc-id} (default: the line's). */
    private static DcOptions testkitOptions(Map<String, String> flags, TestkitReadyLine testkit) {
        if (!flags.containsKey("--dc-id")) {
            return testkit.dcOptions();
        }
        int dcId = intFlag("--dc-id", flags.get("--dc-id"));
        try {
            return testkit.dcOptions(dcId);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--dc-id " + dcId + ": the testkit has no such DC");
        }
    }

    private static List<X509Certificate> certificates(String file) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) c);
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new UsageException("cannot read the certificates in --tls-ca " + file + " ("
                + e.getClass().getSimpleName() + ")");
        }
        if (certificates.isEmpty()) {
            throw new UsageException("--tls-ca " + file + " holds no PEM certificate");
        }
        return certificates;
    }

    private static int intFlag(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, got '" + value + "'");
        }
    }

    private static DcOptions dcOptions(Map<String, String> flags) {
        String server = flags.get("--server");
        if (server == null) {
            return flags.containsKey("--test-dcs") ? DcOptions.test() : DcOptions.production();
        }
        int colon = server.lastIndexOf(':');
        if (colon <= 0) {
            throw new UsageException("--server must be HOST:PORT, got '" + server + "'");
        }
        int dcId = intFlag("--dc-id", flags.getOrDefault("--dc-id", "2"));
        String keyFile = flags.get("--rsa-public-key");
        RsaKeyRing keys;
        if (keyFile == null) {
            keys = DcOptions.production().rsaKeys();
        } else {
            try {
                keys = RsaKeyRing.of(RsaPem.readPublicKey(Files.readString(Path.of(keyFile))));
            } catch (java.io.IOException | RuntimeException e) {
                throw new UsageException("cannot read the RSA public key " + keyFile + ": " + e.getMessage());
            }
        }
        DcEndpoint endpoint = DcEndpoint.of(dcId, server.substring(0, colon),
            intFlag("--server port", server.substring(colon + 1)));
        return DcOptions.of(List.of(endpoint), keys, dcId);
    }

    private static TcpTransportClient transport(Map<String, String> flags) {
        Framing framing = switch (flags.getOrDefault("--transport", "intermediate")) {
            case "abridged" -> Framing.ABRIDGED;
            case "intermediate" -> Framing.INTERMEDIATE;
            case "padded" -> Framing.PADDED_INTERMEDIATE;
            case "full" -> Framing.FULL;
            default -> throw new UsageException("--transport must be abridged, intermediate, padded, full, ws or wss");
        };
        TcpTransportClient transport = MtprotoTransport.tcp().framing(framing)
            .obfuscated(flags.containsKey("--obfuscated"));
        String proxy = flags.get("--proxy");
        if (proxy == null) {
            return transport;
        }
        if (proxy.startsWith("tg://") || proxy.startsWith("https://t.me/")) {
            try {
                return transport.mtproxy(MtProxyConfig.parseLink(proxy));
            } catch (RuntimeException e) {
                throw new UsageException("bad MTProxy link: " + e.getMessage());
            }
        }
        URI uri;
        try {
            uri = URI.create(proxy);
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad --proxy URL");
        }
        if (uri.getHost() == null || uri.getPort() <= 0) {
            throw new UsageException("--proxy needs a host and a port");
        }
        ProxyConfig config = switch (String.valueOf(uri.getScheme())) {
            case "socks5" -> ProxyConfig.socks5(uri.getHost(), uri.getPort());
            case "socks4" -> ProxyConfig.socks4(uri.getHost(), uri.getPort());
            case "http" -> ProxyConfig.http(uri.getHost(), uri.getPort());
            default -> throw new UsageException("--proxy must be socks5://, socks4://, http:// or tg://proxy");
        };
        if (uri.getUserInfo() != null) {
            String[] userPass = uri.getUserInfo().split(":", 2);
            config = config.credentials(userPass[0], userPass.length > 1 ? userPass[1] : "");
        }
        return transport.proxy(config);
    }
}
