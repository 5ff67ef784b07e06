package io.mtflux.spring.boot;

import io.mtflux.core.client.ClientTransport;
import io.mtflux.core.client.DcOptions;
import io.mtflux.core.client.DcUrls;
import io.mtflux.core.client.WebSocketClientTransport;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.RsaPem;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.TcpTransportClient;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.mtproxy.MtProxyConfig;
import io.mtflux.transport.proxy.ProxyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.Resource;

/** Where the DCs are and how to reach them, from {@code mtflux.*}: what the client bean and the accounts share. */
record MtfluxConnection(DcOptions dcOptions, ClientTransport transport) {

    static MtfluxConnection of(MtfluxProperties properties) {
        DcOptions dcOptions = dcOptions(properties);
        return new MtfluxConnection(dcOptions, properties.getTransport().isWebSocket()
            ? webSocket(properties, dcOptions) : transport(properties));
    }

    /**
     * {@code ws}/{@code wss}: {@code ws://HOST:PORT/apiws} (resp. {@code wss://}) of mtflux.server, else Telegram's web
     * endpoints; obfuscated2 inside, as Telegram's web clients; mtflux.tls-ca as the only trust of wss://.
     */
    private static ClientTransport webSocket(MtfluxProperties p, DcOptions options) {
        boolean secure = p.getTransport() == MtfluxProperties.Transport.WSS;
        String name = "mtflux.transport=" + p.getTransport().name().toLowerCase(java.util.Locale.ROOT);
        if (p.getProxy() != null && !p.getProxy().isBlank()) {
            throw new MtfluxPropertiesException("mtflux.proxy does not go with " + name);
        }
        if (p.getTlsCa() != null && !secure) {
            throw new MtfluxPropertiesException("mtflux.tls-ca goes with mtflux.transport=wss");
        }
        DcUrls urls = p.getServer() == null ? DcUrls.telegramWeb() : secure ? DcUrls.wss() : DcUrls.ws();
        WebSocketClientTransport transport = ClientTransport.websocket(urls);
        try {
            transport.url(options.defaultDc(), options);
        } catch (IllegalArgumentException e) {
            throw new MtfluxPropertiesException(name + ": " + e.getMessage());
        }
        return p.getTlsCa() == null ? transport : transport.trustCertificates(certificates(p.getTlsCa()));
    }

    private static List<X509Certificate> certificates(Resource resource) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = resource.getInputStream()) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) c);
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new MtfluxPropertiesException("cannot read the certificates of mtflux.tls-ca "
                + resource.getDescription() + " (" + e.getClass().getSimpleName() + ")");
        }
        if (certificates.isEmpty()) {
            throw new MtfluxPropertiesException("mtflux.tls-ca " + resource.getDescription()
                + " holds no PEM certificate");
        }
        return certificates;
    }

    private static DcOptions dcOptions(MtfluxProperties p) {
        if (p.getServer() == null) {
            return p.isTestDcs() ? DcOptions.test() : DcOptions.production();
        }
        DcEndpoint endpoint = endpoint(p.getServer(), p.getDcId());
        RsaKeyRing keys = p.getRsaPublicKey() == null ? DcOptions.production().rsaKeys() : keys(p.getRsaPublicKey());
        return DcOptions.of(List.of(endpoint), keys, endpoint.dcId());
    }

    /** {@code HOST:PORT} of DC {@code dcId} ({@link DcEndpoint#parse}); a {@link MtfluxPropertiesException} if bad. */
    static DcEndpoint endpoint(String server, int dcId) {
        try {
            return DcEndpoint.parse(dcId, server);
        } catch (IllegalArgumentException e) {
            throw new MtfluxPropertiesException((dcId <= 0 ? "mtflux.dc-id: " : "mtflux.server: ") + e.getMessage());
        }
    }

    private static RsaKeyRing keys(Resource resource) {
        try {
            return RsaKeyRing.of(RsaPem.readPublicKey(resource.getContentAsString(StandardCharsets.US_ASCII)));
        } catch (IOException | RuntimeException e) {
            throw new MtfluxPropertiesException("cannot read mtflux.rsa-public-key " + resource.getDescription()
                + ": " + e.getMessage());
        }
    }

    private static ClientTransport transport(MtfluxProperties p) {
        // the property's values are the framings' short names
        Framing framing = Framing.named(p.getTransport().name());
        TcpTransportClient tcp = MtprotoTransport.tcp().framing(framing).obfuscated(p.isObfuscated());
        String proxy = p.getProxy();
        if (proxy == null || proxy.isBlank()) {
            return ClientTransport.tcp(tcp);
        }
        // the property may hold a password or an MTProxy secret: the messages never show it
        if (proxy.startsWith("tg://") || proxy.startsWith("https://t.me/")) {
            try {
                return ClientTransport.tcp(tcp.mtproxy(MtProxyConfig.parseLink(proxy)));
            } catch (RuntimeException e) {
                throw new MtfluxPropertiesException("mtflux.proxy: not an MTProxy link (tg://proxy?server=...&port=..."
                    + "&secret=...)");
            }
        }
        try {
            return ClientTransport.tcp(tcp.proxy(ProxyConfig.parse(proxy)));
        } catch (IllegalArgumentException e) {
            throw new MtfluxPropertiesException("mtflux.proxy: " + e.getMessage());
        }
    }
}
