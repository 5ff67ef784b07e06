/**
 * The client: {@link io.mtflux.core.client.MtprotoClient} connects an account to its home DC, runs the auth-key
 * exchange when the session has no key, and turns every {@link io.mtflux.core.tl.TlMethod} into a {@code Mono} of
 * its result, following DC migrations, reconnecting and retrying by its {@link io.mtflux.core.rpc.RpcRetry}.
 *
 * <p>Start with {@link io.mtflux.core.client.ClientOptions#builder()}: the API credentials, where the DCs are
 * ({@link io.mtflux.core.client.DcOptions}), how to reach them ({@link io.mtflux.core.client.ClientTransport}: TCP or
 * WebSocket with {@link io.mtflux.core.client.DcUrls}), where the session is kept
 * ({@link io.mtflux.core.store.SessionStore}) and which event loops to share
 * ({@link io.mtflux.core.client.ClientResources}). Logging in is {@code mtflux-auth}'s job.
 */
package io.mtflux.core.client;
