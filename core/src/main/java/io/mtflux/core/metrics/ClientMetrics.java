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

    /** One RPC finished: its TL method name, outcome ({@code ok} or the error type) and latency. */
    default void rpc(String method, String outcome, Duration latency) {
    }

    /** The server asked us to wait. */
    default void floodWait(String method, long seconds) {
    }

    /** An auth key exchange finished (or failed) on a DC. */
    default void keyExchange(int dcId, boolean success, Duration duration) {
    }

    /** A temporary (PFS) key exchange finished (or failed) on a DC. */
    default void temporaryKeyExchange(int dcId, boolean success, Duration duration) {
    }

    /**
     * An {@code auth.bindTempAuthKey} ended on a DC: {@code ok}, the RPC error message (e.g.
     * {@code ENCRYPTED_MESSAGE_INVALID}) or {@code failed} (no answer, the connection went away).
     */
    default void temporaryKeyBinding(int dcId, String outcome) {
    }

    /** A call followed a {@code *_MIGRATE_X} answer of kind {@code kind} (phone, user, network, file, stats). */
    default void migration(String kind, int dcId) {
    }

    /** A DC connection is being re-established. */
    default void reconnect(int dcId) {
    }

    /** A connection opened (+1) or closed (-1). */
    default void connections(int delta) {
    }

    default void bytesIn(long bytes) {
    }

    default void bytesOut(long bytes) {
    }
}
