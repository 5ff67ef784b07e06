package io.mtflux.transport;

import java.net.InetSocketAddress;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** A bound MTProto transport server. Disposing it stops accepting and closes the listening socket. */
public interface FrameServer extends Disposable {

    /**
     * The bound address.
     *
     * @return the local address
     */
    InetSocketAddress address();

    /**
     * The bound port (useful after binding port 0).
     *
     * @return the port
     */
    default int port() {
        return address().getPort();
    }

    /**
     * Completes when the server is disposed.
     *
     * @return the dispose signal
     */
    Mono<Void> onDispose();
}
