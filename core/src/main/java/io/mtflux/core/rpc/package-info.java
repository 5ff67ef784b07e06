/**
 * What a call can fail with and how it is retried: {@link io.mtflux.core.rpc.RpcException} is an
 * {@code rpc_error} as data (code, message, the number in it), with typed subclasses for the errors a caller
 * handles ({@link io.mtflux.core.rpc.FloodWaitException}, {@link io.mtflux.core.rpc.MigrateException},
 * {@link io.mtflux.core.rpc.UnauthorizedException}, {@link io.mtflux.core.rpc.AuthKeyDuplicatedException},
 * {@link io.mtflux.core.rpc.InternalServerException}, and {@link io.mtflux.core.rpc.AlreadyExecutedException} for a
 * re-sent call the server had already executed); {@link io.mtflux.core.rpc.RpcRetry} is the Reactor
 * {@code Retry} every call of a client uses, and {@link io.mtflux.core.rpc.Delay} its backoff and the client's
 * reconnect delay.
 */
package io.mtflux.core.rpc;
