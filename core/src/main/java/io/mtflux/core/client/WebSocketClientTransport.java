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
import javax.net.ssl.SSLException;
import reactor.core.publisher.Mono;

/**
 * A client's DC connections over the WebSocket transport, as Telegram's web clients and GramJS's {@code useWSS}
 * open them (https://core.telegram.org/mtproto/transports#websocket): each {@link #connect} opens one dedicated
 * WebSocket to the URL {@link DcUrls} gives for the DC, obfuscated2 + intermediate inside by default. An
 * immutable value: every mutator returns a new transport. {@link ClientTransport#websocket()} and
 * {@link ClientTransport#websocket(DcUrls)} are the short forms.
 *
 * <pre>{@code
 * // Telegram, through its web endpoints (wss://venus.web.telegram.org/apiws, ...)
 * ClientOptions.builder()...transport(ClientTransport.websocket()).build();
 * // any server that serves /apiws beside TCP, e.g. the testkit with its self-signed certificate
 * ClientTransport.websocket(DcUrls.wss()).trustCertificates(cluster.tlsCertificate().orElseThrow());
 * }</pre>
 *
 * <p>{@code wss://} trusts the JDK's trust store unless {@link #trustCertificates} or a transport template with its
 * own {@link SslContext} says otherwise; that default context is built once, on the thread that first creates
 * such a transport, never on an event loop. Connections run on the client's event loops unless the template names
 * its own.
 */
public final class WebSocketClientTransport implements ClientTransport {

    private final DcUrls urls;
    private final WebSocketTransportClient transport;

    private WebSocketClientTransport(DcUrls urls, WebSocketTransportClient transport) {
        this.urls = urls;
        this.transport = transport;
    }

    /**
     * Telegram's web endpoints ({@link DcUrls#telegramWeb()}), obfuscated2 + intermediate, the JDK's trust store.
     *
     * @return a transport
     */
    public static WebSocketClientTransport create() {
        return new WebSocketClientTransport(DcUrls.telegramWeb(), withDefaults(MtprotoTransport.websocket()));
    }

    /**
     * How a DC's URL is found.
     *
     * @param value the mapping, e.g. {@link DcUrls#ws()} for a server's own addresses
     * @return a new transport
     */
    public WebSocketClientTransport urls(DcUrls value) {
        return new WebSocketClientTransport(Objects.requireNonNull(value, "urls"), transport);
    }

    /**
     * The WebSocket transport template: framing, obfuscation, TLS context, connect timeout, event loops. Its URI
     * and DC id are set per connection.
     *
     * @param value the template
     * @return a new transport
     */
    public WebSocketClientTransport transport(WebSocketTransportClient value) {
        return new WebSocketClientTransport(urls, withDefaults(Objects.requireNonNull(value, "transport")));
    }

    /**
     * Trusts exactly these certificates for {@code wss://} (e.g. a test server's self-signed one), instead of the
     * JDK's trust store. Host names are still checked.
     *
     * @param certificates the trust anchors
     * @return a new transport
     * @throws IllegalArgumentException when no certificate is given or no TLS context can be built from them
     */
    public WebSocketClientTransport trustCertificates(List<X509Certificate> certificates) {
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
        return new WebSocketClientTransport(urls, transport.sslContext(context));
    }

    /**
     * Trusts exactly these certificates for {@code wss://}; see {@link #trustCertificates(List)}.
     *
     * @param certificates the trust anchors
     * @return a new transport
     */
    public WebSocketClientTransport trustCertificates(X509Certificate... certificates) {
        return trustCertificates(List.of(certificates));
    }

    /**
     * The URL this transport opens for a DC.
     *
     * @param dcId the DC
     * @param dcOptions what is known of the DCs
     * @return the URL
     * @throws IllegalArgumentException when the mapping knows none
     */
    public URI url(int dcId, DcOptions dcOptions) {
        return urls.url(dcId, dcOptions);
    }

    @Override
    public Mono<FrameConnection> connect(Target target) {
        return Mono.defer(() -> {
            URI url = urls.url(target.dcId(), target.dcOptions());
            WebSocketTransportClient t = transport.loopResources() == null ? transport.loopResources(target.loops())
                : transport;
            // the obfuscated2 header's DC field: + 10000 on test DCs, as for the key exchange; a server that
            // reaches the DC by URL ignores it
            return t.uri(url.toString()).dcId(target.dcOptions().handshakeDc(target.dcId())).connect();
        });
    }

    @Override
    public String toString() {
        return "WebSocketClientTransport[" + transport + "]";
    }

    private static WebSocketTransportClient withDefaults(WebSocketTransportClient template) {
        return template.sslContext() == null ? template.sslContext(JdkTrust.CONTEXT) : template;
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
