package io.mtflux.core.client;

import io.mtflux.core.tl.TlMethod;
import reactor.core.publisher.Mono;

/**
 * Logs a logged-in account in on another DC before its first call there (MTPROTO.md 5.4). Installed on a client
 * with {@link MtprotoClient#installDcAuthorizer}; the auth module's {@code AuthClient} installs the
 * {@code auth.exportAuthorization} / {@code auth.importAuthorization} one.
 *
 * <p>The client calls {@link #authorize} before a call on DC {@code dcId} when the session has a user, {@code dcId}
 * is not the home DC and the session does not mark that DC's key as authorized ({@code DcAuth.authorized()}).
 * Concurrent first calls to the same DC share one authorization; a failed one is tried again by the next call.
 * The authorizer must mark the DC authorized in the session ({@code MtprotoClient.updateState}) before it
 * completes, so that it runs once per DC and not again after a restart.
 */
public interface DcAuthorizer {

    /**
     * Logs the account in on {@code dcId}.
     *
     * @param dcId the DC about to be called
     * @param calls calls that bypass this hook (the authorizer's own export and import)
     * @return completes once the DC is authorized and saved in the session
     */
    Mono<Void> authorize(int dcId, DirectCalls calls);

    /** Calls that skip the {@link DcAuthorizer} (but keep the client's retry policy). */
    interface DirectCalls {
        /**
         * @param dcId the DC
         * @param method the call
         * @param <R> its result type
         * @return the result
         */
        <R> Mono<R> invoke(int dcId, TlMethod<R> method);
    }
}
