package io.mtflux.core.client;

import io.mtflux.transport.FrameConnection;
import reactor.core.publisher.Mono;

/** Opens a new, dedicated transport connection to a DC. */
@FunctionalInterface
public interface DcConnector {

    /** A new connection to {@code dcId}; each subscription connects anew. */
    Mono<FrameConnection> connect(int dcId);
}
