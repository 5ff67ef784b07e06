package io.mtflux.core.client;

import io.mtflux.core.store.DcEndpoint;
import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.TcpTransportClient;
import reactor.core.publisher.Mono;

/**
 * {@link ClientTransport#tcp(TcpTransportClient)}: the template dialled at the DC's API address. A connection that
 * cannot be opened fails with a {@link DcUnreachableException} naming the address dialled.
 */
record TcpClientTransport(TcpTransportClient template) implements ClientTransport {

    @Override
    public Mono<FrameConnection> connect(Target target) {
        DcEndpoint endpoint = target.dcOptions().endpoint(target.dcId()).orElse(null);
        if (endpoint == null) {
            return Mono.error(new IllegalArgumentException("no address known for DC " + target.dcId()));
        }
        TcpTransportClient client = template.loopResources() == null ? template.loopResources(target.loops())
            : template;
        // the address dialled: the proxy's or the MTProxy's when there is one, else the DC's
        String host = template.proxy() != null ? template.proxy().host()
            : template.mtproxy() != null ? template.mtproxy().host() : endpoint.host();
        int port = template.proxy() != null ? template.proxy().port()
            : template.mtproxy() != null ? template.mtproxy().port() : endpoint.port();
        return client.host(endpoint.host()).port(endpoint.port()).dcId(target.dcId()).connect()
            .onErrorMap(DcUnreachableException::isNetworkFailure,
                e -> new DcUnreachableException(target.dcId(), host, port, e));
    }
}
