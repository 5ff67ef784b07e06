package io.mtflux.spring.boot;

import io.mtflux.core.client.ClientTransport;
import io.mtflux.core.client.DcOptions;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.RsaPem;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.framing.Framing;
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

    /** {@code HOST:PORT} of DC {@code dcId}; a {@link MtfluxPropertiesException} when malformed. */
    static DcEndpoint endpoint(String server, int dcId) {
        int colon = server.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(server.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 1 || port > 65535) {
            throw new MtfluxPropertiesException("mtflux.server must be HOST:PORT (a port from 1 to 65535), got '"
                + server + "'");
        }
        try {
            return DcEndpoint.of(dcId, server.substring(0, colon), port);
        } catch (IllegalArgumentException e) {
            throw new MtfluxPropertiesException("mtflux.server " + server + " / mtflux.dc-id " + dcId + ": "
                + e.getMessage());
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
        Framing framing = switch (p.getTransport()) {
            case ABRIDGED -> Framing.ABRIDGED;
            case INTERMEDIATE -> Framing.INTERMEDIATE;
            case PADDED -> Framing.PADDED_INTERMEDIATE;
            case FULL -> Framing.FULL;
        };
        return ClientTransport.tcp(MtprotoTransport.tcp().framing(framing).obfuscated(p.isObfuscated()));
    }
}
