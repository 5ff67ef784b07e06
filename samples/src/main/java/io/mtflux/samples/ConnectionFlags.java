package io.mtflux.samples;

import io.mtflux.core.client.ClientTransport;
import io.mtflux.core.client.DcOptions;
import io.mtflux.core.client.DcUrls;
import io.mtflux.core.client.WebSocketClientTransport;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.RsaPem;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.testkit.TestkitReadyLine;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.TcpTransportClient;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.mtproxy.MtProxyConfig;
import io.mtflux.transport.proxy.ProxyConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flags that say where the DCs are and how to reach them, shared by the login and the accounts CLI:
 * {@code --server HOST:PORT --dc-id N --rsa-public-key FILE}, {@code --test-dcs}, {@code --testkit FILE},
 * {@code --transport}, {@code --obfuscated}, {@code --proxy}, {@code --tls-ca}. Without any, Telegram's production
 * DCs over TCP (intermediate framing).
 */
final class ConnectionFlags {
    /** The flags that take a value. */
    static final Set<String> VALUED = Set.of("--server", "--dc-id", "--rsa-public-key", "--transport", "--proxy",
        "--tls-ca", "--testkit");
    /** The switches. */
    static final Set<String> SWITCHES = Set.of("--test-dcs", "--obfuscated");
    /** {@code --transport ws|wss}: the values that select the WebSocket transport. */
    private static final Set<String> WEBSOCKET = Set.of("ws", "wss");

    /**
     * What the flags select.
     *
     * @param dcOptions the DCs and their keys, starting on the chosen DC
     * @param transport how clients reach them
     */
    record Connection(DcOptions dcOptions, ClientTransport transport) {
    }

    private ConnectionFlags() {
    }

    /**
     * The DCs and the transport of {@code flags} (files named by flags are read here).
     *
     * @throws UsageException for a bad value, an unreadable file or flags that do not go together
     */
    static Connection of(Map<String, String> flags) {
        if (flags.containsKey("--dc-id")) {
            int dcId = Flags.intFlag("--dc-id", flags.get("--dc-id"));
            if (dcId <= 0) {
                // the words of DcEndpoint.parse, which says the same with --server
                throw new UsageException("--dc-id: expected a positive DC id, got " + dcId);
            }
        }
        TestkitReadyLine testkit = flags.containsKey("--testkit") ? testkit(flags) : null;
        DcOptions options = testkit != null ? testkitOptions(flags, testkit) : dcOptions(flags);
        ClientTransport transport = WEBSOCKET.contains(flags.getOrDefault("--transport", ""))
            ? webSocket(flags, options, testkit) : ClientTransport.tcp(transport(flags));
        return new Connection(options, transport);
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
        try (BufferedReader lines = Files.newBufferedReader(Path.of(file))) {
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
        int dcId = Flags.intFlag("--dc-id", flags.get("--dc-id"));
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

    private static DcOptions dcOptions(Map<String, String> flags) {
        String server = flags.get("--server");
        if (server == null) {
            return flags.containsKey("--test-dcs") ? DcOptions.test() : DcOptions.production();
        }
        int dcId = Flags.intFlag("--dc-id", flags.getOrDefault("--dc-id", "2"));
        DcEndpoint endpoint;
        try {
            endpoint = DcEndpoint.parse(dcId, server);
        } catch (IllegalArgumentException e) {
            throw new UsageException((dcId <= 0 ? "--dc-id: " : "--server: ") + e.getMessage());
        }
        String keyFile = flags.get("--rsa-public-key");
        RsaKeyRing keys;
        if (keyFile == null) {
            keys = DcOptions.production().rsaKeys();
        } else {
            try {
                keys = RsaKeyRing.of(RsaPem.readPublicKey(Files.readString(Path.of(keyFile))));
            } catch (IOException | RuntimeException e) {
                throw new UsageException("cannot read the RSA public key " + keyFile + ": " + e.getMessage());
            }
        }
        return DcOptions.of(List.of(endpoint), keys, dcId);
    }

    private static TcpTransportClient transport(Map<String, String> flags) {
        Framing framing;
        try {
            framing = Framing.named(flags.getOrDefault("--transport", "intermediate"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--transport must be ws, wss or a TCP framing: " + e.getMessage());
        }
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
        ProxyConfig config;
        try {
            config = ProxyConfig.parse(proxy);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--proxy: " + e.getMessage());
        }
        return transport.proxy(config);
    }
}
