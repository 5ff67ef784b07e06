package io.mtflux.core.metrics;

import java.time.Duration;

/**
 * What an {@code MtprotoClient} records. {@link #NONE} costs nothing; {@link MicrometerClientMetrics} writes to a
 * Micrometer registry under the {@code mtproto.} prefix (see the core README for the meter names and tags).
 */
public interface ClientMetrics {

    /** Records nothing. */
    ClientMetrics NONE = new ClientMetrics() {
    };

    /**
     * One RPC finished: its TL method name, outcome ({@code ok} or the error type) and latency.
     *
     * @param method the TL method name, e.g. {@code help.getConfig}
     * @param outcome {@code ok} or the error type
     * @param latency from sending to the answer
     */
    default void rpc(String method, String outcome, Duration latency) {
    }

    /**
     * The server asked us to wait.
     *
     * @param method the TL method name
     * @param seconds the wait the server asked for
     */
    default void floodWait(String method, long seconds) {
    }

    /**
     * An auth key exchange finished (or failed) on a DC.
     *
     * @param dcId the DC
     * @param success whether a key was made
     * @param duration how long the exchange took
     */
    default void keyExchange(int dcId, boolean success, Duration duration) {
    }

    /**
     * A temporary (PFS) key exchange finished (or failed) on a DC.
     *
     * @param dcId the DC
     * @param success whether a key was made
     * @param duration how long the exchange took
     */
    default void temporaryKeyExchange(int dcId, boolean success, Duration duration) {
    }

    /**
     * An {@code auth.bindTempAuthKey} ended on a DC: {@code ok}, the RPC error message (e.g.
     * {@code ENCRYPTED_MESSAGE_INVALID}) or {@code failed} (no answer, the connection went away).
     *
     * @param dcId the DC
     * @param outcome {@code ok}, the error message or {@code failed}
     */
    default void temporaryKeyBinding(int dcId, String outcome) {
    }

    /**
     * A call followed a {@code *_MIGRATE_X} answer of kind {@code kind} (phone, user, network, file, stats).
     *
     * @param kind the migration kind, lower case
     * @param dcId the DC the call moved to
     */
    default void migration(String kind, int dcId) {
    }

    /**
     * A DC connection is being re-established.
     *
     * @param dcId the DC
     */
    default void reconnect(int dcId) {
    }

    /**
     * A DC answered with transport error {@code -429} (transport flood): the client backs off before it reconnects.
     *
     * @param dcId the DC
     */
    default void transportFlood(int dcId) {
    }

    /**
     * The keepalive dropped a connection: a ping got no pong within the ping interval (a black-holed or half-open
     * connection).
     *
     * @param dcId the DC
     */
    default void keepaliveTimeout(int dcId) {
    }

    /**
     * A connection opened (+1) or closed (-1).
     *
     * @param delta +1 or -1
     */
    default void connections(int delta) {
    }

    /**
     * Bytes were received from a DC.
     *
     * @param bytes how many, as they came off the socket
     */
    default void bytesIn(long bytes) {
    }

    /**
     * Bytes were sent to a DC.
     *
     * @param bytes how many, as they went to the socket
     */
    default void bytesOut(long bytes) {
    }
}
