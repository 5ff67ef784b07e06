package io.mtflux.spring.boot;

import io.mtflux.core.client.ClientTransport;
import io.mtflux.core.client.DcOptions;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.RsaPem;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.TcpTransportClient;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.mtproxy.MtProxyConfig;
import io.mtflux.transport.proxy.ProxyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.io.Resource;

/** Where the DCs are and how to reach them, from {@code mtflux.*}: what the client bean and the accounts share. */
record MtfluxConnection(DcOptions dcOptions, ClientTransport transport) {

    static MtfluxConnection of(MtfluxProperties properties) {
        return new MtfluxConnection(dcOptions(properties), transport(properties));
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
