package io.mtflux.core.client;

import io.mtflux.core.metrics.ClientMetrics;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The immutable configuration an {@link MtprotoClient} and its DC sessions share (built by
 * {@link MtprotoClient.Builder}).
 *
 * @param apiId the app's api_id
 * @param dcOptions DC addresses and RSA keys
 * @param connector opens transport connections
 * @param initConnection what initConnection reports
 * @param pingInterval keepalive period; a connection without a pong for one period is dropped
 * @param reconnectMin first reconnect delay (doubling, with jitter)
 * @param reconnectMax reconnect delay cap
 * @param maxConnectAttempts connect attempts before {@code connect()} fails
 * @param metrics where measurements go ({@link ClientMetrics#NONE} when no registry was given)
 * @param requestTimeout how long one attempt of a call waits for its answer
 * @param resources the shared timer, scheduler and random source
 */
record ClientSettings(int apiId, DcOptions dcOptions, DcConnector connector, InitConnectionParams initConnection,
                      Duration pingInterval, Duration reconnectMin, Duration reconnectMax, int maxConnectAttempts,
                      ClientMetrics metrics, Duration requestTimeout, ClientResources resources) {
    ClientSettings {
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(dcOptions, "dcOptions");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(initConnection, "initConnection");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
    }

    /** These settings with other DC options. */
    ClientSettings withDcOptions(DcOptions options) {
        return new ClientSettings(apiId, options, connector, initConnection, pingInterval, reconnectMin,
            reconnectMax, maxConnectAttempts, metrics, requestTimeout, resources);
    }

    /** Exponential backoff with full jitter in [d/2, d]. */
    Duration reconnectDelay(int attempt) {
        long base = Math.min(reconnectMax.toMillis(), reconnectMin.toMillis() << Math.min(attempt, 20));
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Duration.ofMillis(attempt == 0 ? Math.min(jittered, 50) : jittered);
    }
}
