package io.mtflux.core.client;

import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.WebSocketTransportClient;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpResources;

/**
 * Opens a client's DC connections over the WebSocket transport, as Telegram's web clients and GramJS's
 * {@code useWSS} do (https://core.telegram.org/mtproto/transports#websocket): each {@link #connect(int)} opens one
 * dedicated WebSocket to the URL {@link DcUrls} gives for the DC, obfuscated2 + intermediate inside by default.
 * An immutable value: every mutator returns a new connector.
 *
 * <pre>{@code
 * // Telegram, through its web endpoints (wss://venus.web.telegram.org/apiws, ...)
 * MtprotoClient.builder()...connector(WebSocketConnector.create()).build();
 * // any server that serves /apiws beside TCP, e.g. the testkit with its self-signed certificate
 * WebSocketConnector.create().dcOptions(cluster.dcOptions()).urls(DcUrls.wss())
 *     .trustCertificates(cluster.tlsCertificate().orElseThrow());
 * }</pre>
 *
 * <p>{@code wss://} trusts the JDK's trust store unless {@link #trustCertificates} or a transport template with its
 * own {@link SslContext} says otherwise; that default context is built once, on the thread that first creates a
 * connector, never on an event loop. Connections run on Reactor Netty's global TCP event loops (those of
 * {@link ClientResources#shared()}) unless the template or {@link #loopResources(LoopResources)} names others.
 */
public final class WebSocketConnector implements DcConnector {

    private final DcUrls urls;
    private final Supplier<DcOptions> options;
    private final WebSocketTransportClient transport;

    private WebSocketConnector(DcUrls urls, Supplier<DcOptions> options, WebSocketTransportClient transport) {
        this.urls = urls;
        this.options = options;
        this.transport = transport;
    }

    /**
     * Telegram's web endpoints ({@link DcUrls#telegramWeb()}) for the production DCs, obfuscated2 + intermediate,
     * the JDK's trust store.
     *
     * @return a connector
     */
    public static WebSocketConnector create() {
        DcOptions production = DcOptions.production();
        return new WebSocketConnector(DcUrls.telegramWeb(), () -> production,
            withDefaults(MtprotoTransport.websocket()));
    }

    /**
     * How a DC's URL is found.
     *
     * @param value the mapping, e.g. {@link DcUrls#ws()} for a server's own addresses
     * @return a new connector
     */
    public WebSocketConnector urls(DcUrls value) {
        return new WebSocketConnector(Objects.requireNonNull(value, "urls"), options, transport);
    }

    /**
     * The DCs the mapping reads (addresses, test mode); fixed.
     *
     * @param value the DC options, e.g. a testkit cluster's
     * @return a new connector
     */
    public WebSocketConnector dcOptions(DcOptions value) {
        Objects.requireNonNull(value, "dcOptions");
        return new WebSocketConnector(urls, () -> value, transport);
    }

    /**
     * The DCs the mapping reads, asked anew for every connection, so addresses a client learns later (from
     * {@code help.getConfig}) are used.
     *
     * @param value the current DC options
     * @return a new connector
     */
    public WebSocketConnector dcOptions(Supplier<DcOptions> value) {
        return new WebSocketConnector(urls, Objects.requireNonNull(value, "dcOptions"), transport);
    }

    /**
     * The WebSocket transport template: framing, obfuscation, TLS context, connect timeout, event loops. Its URI
     * and DC id are set per connection.
     *
     * @param value the template
     * @return a new connector
     */
    public WebSocketConnector transport(WebSocketTransportClient value) {
        return new WebSocketConnector(urls, options, withDefaults(Objects.requireNonNull(value, "transport")));
    }

    /**
     * Trusts exactly these certificates for {@code wss://} (e.g. a test server's self-signed one), instead of the
     * JDK's trust store. Host names are still checked.
     *
     * @param certificates the trust anchors
     * @return a new connector
     * @throws IllegalArgumentException when no certificate is given or no TLS context can be built from them
     */
    public WebSocketConnector trustCertificates(List<X509Certificate> certificates) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("trustCertificates needs at least one certificate");
        }
        SslContext context;
        try {
            context = SslContextBuilder.forClient().trustManager(certificates).build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot build a TLS context from the certificates: " + e.getMessage(),
                e);
        }
        return new WebSocketConnector(urls, options, transport.sslContext(context));
    }

    /**
     * Trusts exactly these certificates for {@code wss://}; see {@link #trustCertificates(List)}.
     *
     * @param certificates the trust anchors
     * @return a new connector
     */
    public WebSocketConnector trustCertificates(X509Certificate... certificates) {
        return trustCertificates(List.of(certificates));
    }

    /**
     * The event loops connections run on, e.g. {@code resources.loops()} of the client's {@link ClientResources}.
     *
     * @param loops the loop resources
     * @return a new connector
     */
    public WebSocketConnector loopResources(LoopResources loops) {
        return new WebSocketConnector(urls, options, transport.loopResources(Objects.requireNonNull(loops, "loops")));
    }

    /**
     * The URL this connector opens for a DC.
     *
     * @param dcId the DC
     * @return the URL
     * @throws IllegalArgumentException when the mapping knows none
     */
    public URI url(int dcId) {
        return urls.url(dcId, options.get());
    }

    @Override
    public Mono<FrameConnection> connect(int dcId) {
        return Mono.defer(() -> {
            DcOptions current = options.get();
            URI url = urls.url(dcId, current);
            // the obfuscated2 header's DC field: + 10000 on test DCs, as for the key exchange; a server that
            // reaches the DC by URL ignores it
            return transport.uri(url.toString()).dcId(current.handshakeDc(dcId)).connect();
        });
    }

    @Override
    public String toString() {
        return "WebSocketConnector[" + transport + "]";
    }

    private static WebSocketTransportClient withDefaults(WebSocketTransportClient template) {
        WebSocketTransportClient t = template;
        if (t.sslContext() == null) {
            t = t.sslContext(JdkTrust.CONTEXT);
        }
        if (t.loopResources() == null) {
            t = t.loopResources(TcpResources.get());
        }
        return t;
    }

    /** The JDK-trust-store client context, built once on first use (it reads the trust store file). */
    private static final class JdkTrust {
        static final SslContext CONTEXT = build();

        private static SslContext build() {
            try {
                return SslContextBuilder.forClient().build();
            } catch (SSLException e) {
                throw new IllegalStateException("cannot build the default TLS client context", e);
            }
        }
    }
}
