package io.mtflux.samples;

import io.mtflux.auth.AuthClient;
import io.mtflux.auth.LoginFlows;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.auth.QrLoginStep;
import io.mtflux.auth.SentCode;
import io.mtflux.core.client.DcOptions;
import io.mtflux.core.client.DcUrls;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.client.WebSocketConnector;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.RsaPem;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.help.HelpTermsOfService;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.TcpTransportClient;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.mtproxy.MtProxyConfig;
import io.mtflux.transport.proxy.ProxyConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The login CLI ({@code java -jar samples/target/mtflux-login.jar}): logs a user or a bot in to Telegram or to
 * any MTProto server. Values not given as flags are asked for on the terminal. Exit codes: 0 logged in, 1 the
 * login failed (the typed error's name is printed), 2 bad flags. See the samples README for every flag.
 */
public final class LoginCli {
    private static final Set<String> VALUED = Set.of("--phone", "--code", "--password", "--first-name",
        "--last-name", "--bot-token", "--api-id", "--api-hash", "--server", "--dc-id", "--rsa-public-key",
        "--transport", "--proxy", "--session", "--tls-ca");
    private static final Set<String> SWITCHES = Set.of("--json", "--test-dcs", "--obfuscated", "--qr");
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
            session = flags.containsKey("--session") ? SessionOption.resolve(flags.get("--session"), env) : null;
            client = client(flags, env, session);
        } catch (UsageException e) {
            err.println("mtflux-login: " + e.getMessage());
            return 2;
        }
        try {
            client.connect().block(Duration.ofSeconds(60));
            LoginFlows flows = LoginFlows.of(AuthClient.create(client));
            TerminalPrompts prompts = new TerminalPrompts(flags, out);
            Mono<User> login = flags.containsKey("--bot-token") ? flows.startBot(flags.get("--bot-token"))
                : flags.containsKey("--qr") ? qrLogin(flows, prompts, out)
                : flows.start(prompts);
            User user = login.block(Duration.ofMinutes(30));
            if (user == null) {
                // the input ended: report what went wrong last (e.g. the wrong code given with --code)
                throw prompts.lastError != null ? reactor.core.Exceptions.propagate(prompts.lastError)
                    : new IllegalStateException("login cancelled: no more input");
            }
            BaseUser u = (BaseUser) user;
            out.println("logged in as " + (u.bot() ? "bot " : "user ") + u.id() + " (" + u.firstName()
                + (u.lastName() == null ? "" : " " + u.lastName()) + ") on DC " + client.state().homeDc());
            if (session != null) {
                out.println(session.report().apply(client));
            }
            if (flags.containsKey("--json")) {
                out.println("{\"ok\":true,\"user_id\":" + u.id() + ",\"dc\":" + client.state().homeDc()
                    + ",\"bot\":" + u.bot() + "}");
            }
            return 0;
        } catch (RuntimeException e) {
            Throwable cause = reactor.core.Exceptions.unwrap(e);
            err.println("mtflux-login: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            if (flags.containsKey("--json")) {
                out.println("{\"ok\":false,\"error\":\"" + cause.getClass().getSimpleName() + "\"}");
            }
            return 1;
        } finally {
            client.close().block(Duration.ofSeconds(10));
        }
    }

    /**
     * QR login: prints every token as a QR code drawn with block characters and as a {@code tg://login?token=...}
     * line (to scan or open with a logged-in app) until one is accepted; the 2FA password, if any, from
     * {@code --password} or the terminal.
     */
    private static Mono<User> qrLogin(LoginFlows flows, TerminalPrompts prompts, PrintStream out) {
        return flows.startQr(prompts::password)
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
            || flags.containsKey("--code"))) {
            throw new UsageException("--qr does not go with --bot-token, --phone or --code");
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
        DcOptions options = dcOptions(flags);
        MtprotoClient.Builder builder = MtprotoClient.builder().apiId(intFlag("--api-id", apiId)).apiHash(apiHash)
            .dcOptions(options);
        // the WebSocket connector reads the DC addresses the client learns (help.getConfig) from its state
        AtomicReference<MtprotoClient> built = new AtomicReference<>();
        if (WEBSOCKET.contains(flags.getOrDefault("--transport", ""))) {
            builder.connector(webSocket(flags, options, () -> learned(options, built.get())));
        } else {
            builder.transport(transport(flags));
        }
        if (session != null) {
            builder.sessionStore(session.store()).accountId(session.accountId());
        }
        MtprotoClient client = builder.build();
        built.set(client);
        return client;
    }

    /**
     * {@code --transport ws|wss}: {@code ws://HOST:PORT/apiws} (resp. {@code wss://}) for {@code --server}, else
     * Telegram's web endpoints; obfuscated2 + intermediate inside, as Telegram's web clients; {@code --tls-ca}
     * certificates as the only trust of {@code wss://}.
     */
    private static WebSocketConnector webSocket(Map<String, String> flags, DcOptions options,
                                                Supplier<DcOptions> live) {
        boolean secure = flags.get("--transport").equals("wss");
        if (flags.containsKey("--proxy")) {
            throw new UsageException("--proxy does not go with --transport " + flags.get("--transport"));
        }
        if (flags.containsKey("--tls-ca") && !secure) {
            throw new UsageException("--tls-ca goes with --transport wss");
        }
        DcUrls urls = !flags.containsKey("--server") ? DcUrls.telegramWeb() : secure ? DcUrls.wss() : DcUrls.ws();
        WebSocketConnector connector = WebSocketConnector.create().urls(urls).dcOptions(live);
        try {
            connector.url(options.defaultDc());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--transport " + flags.get("--transport") + ": " + e.getMessage());
        }
        String ca = flags.get("--tls-ca");
        return ca == null ? connector : connector.trustCertificates(certificates(ca));
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

    /** The given DCs with those the client has learned since (none before it connected). */
    private static DcOptions learned(DcOptions given, MtprotoClient client) {
        SessionState state = client == null ? null : client.state();
        return state == null || state.dcOptions().isEmpty() ? given : given.withLearned(state.dcOptions());
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

    /** Answers from the flags, else asks on the terminal (blocking reads off the event loops). */
    private static final class TerminalPrompts implements LoginPrompts {
        private final Map<String, String> flags;
        private final PrintStream out;
        private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        private boolean codeUsed;
        private boolean passwordUsed;
        private Throwable lastError;

        TerminalPrompts(Map<String, String> flags, PrintStream out) {
            this.flags = flags;
            this.out = out;
        }

        private Mono<String> ask(String question, boolean secret) {
            return Mono.fromCallable(() -> {
                java.io.Console console = System.console();
                if (secret && console != null) {
                    char[] chars = console.readPassword("%s: ", question);
                    return chars == null ? null : new String(chars);
                }
                out.print(question + ": ");
                out.flush();
                return in.readLine();
            }).subscribeOn(Schedulers.boundedElastic());
        }

        @Override
        public Mono<String> phoneNumber() {
            String phone = flags.get("--phone");
            return phone != null ? Mono.just(phone) : ask("phone number", false);
        }

        @Override
        public Mono<String> code(SentCode.CodeSent sent) {
            String code = flags.get("--code");
            if (code != null && !codeUsed) {
                codeUsed = true;
                return Mono.just(code);
            }
            return ask("login code (sent by " + sent.type().tlName() + ")", false);
        }

        @Override
        public Mono<String> password(String hint) {
            String password = flags.get("--password");
            if (password != null && !passwordUsed) {
                passwordUsed = true;
                return Mono.just(password);
            }
            return ask("2FA password" + (hint == null || hint.isEmpty() ? "" : " (hint: " + hint + ")"), true);
        }

        @Override
        public Mono<SignUpNames> signUp(HelpTermsOfService terms) {
            String first = flags.get("--first-name");
            Mono<String> firstName = first != null ? Mono.just(first) : ask("first name for the new account", false);
            return firstName.map(f -> new SignUpNames(f, flags.getOrDefault("--last-name", "")));
        }

        @Override
        public void onError(Throwable error) {
            lastError = error;
            out.println("  " + error.getClass().getSimpleName() + ", try again");
        }
    }
}
