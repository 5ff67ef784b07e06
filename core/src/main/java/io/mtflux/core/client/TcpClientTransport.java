package io.mtflux.core.client;

import io.mtflux.core.store.DcEndpoint;
import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.TcpTransportClient;
import reactor.core.publisher.Mono;

/** {@link ClientTransport#tcp(TcpTransportClient)}: the template dialled at the DC's API address. */
record TcpClientTransport(TcpTransportClient template) implements ClientTransport {

    @Override
    public Mono<FrameConnection> connect(Target target) {
        DcEndpoint endpoint = target.dcOptions().endpoint(target.dcId()).orElse(null);
        if (endpoint == null) {
            return Mono.error(new IllegalArgumentException("no address known for DC " + target.dcId()));
        }
        TcpTransportClient client = template.loopResources() == null ? template.loopResources(target.loops())
            : template;
        return client.host(endpoint.host()).port(endpoint.port()).dcId(target.dcId()).connect();
    }
}
