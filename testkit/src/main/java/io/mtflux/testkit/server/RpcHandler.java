package io.mtflux.testkit.server;

import io.mtflux.core.tl.TlMethod;
import reactor.core.publisher.Mono;

/**
 * Answers API queries (the MTProto service messages are handled by the server itself). The result is a TL object,
 * a {@code List} (a {@code Vector}), a {@code Boolean}, or an error: a {@link io.mtflux.core.rpc.RpcException}
 * becomes an {@code rpc_error} with its code and message.
 */
@FunctionalInterface
public interface RpcHandler {

    /**
     * Answers one query.
     *
     * @param context who asked, and a way to push updates to that session
     * @param query the query, unwrapped from {@code invokeWithLayer} and {@code initConnection}
     * @return the result, or an error ({@link io.mtflux.core.rpc.RpcException} for an {@code rpc_error})
     */
    Mono<Object> handle(RequestContext context, TlMethod<?> query);
}
