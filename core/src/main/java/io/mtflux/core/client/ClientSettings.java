package io.mtflux.core.client;

import io.mtflux.core.metrics.ClientMetrics;
import io.mtflux.transport.FrameConnection;
import java.time.Duration;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * What an {@link MtprotoClient} and its DC connections share: the client's options with what they left open
 * resolved (the DC list as learned so far, the metrics sink, the resources).
 *
 * @param options the client's options
 * @param dcOptions DC addresses and RSA keys, including those learned from {@code help.getConfig}
 * @param metrics where measurements go ({@link ClientMetrics#NONE} when there is no registry)
 * @param resources the shared event loops, timer, scheduler and random source
 */
record ClientSettings(ClientOptions options, DcOptions dcOptions, ClientMetrics metrics, ClientResources resources) {
    /** The first reconnect after a drop waits at most this long, whatever the delay says. */
    private static final Duration FIRST_RECONNECT_CAP = Duration.ofMillis(50);

    ClientSettings {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(dcOptions, "dcOptions");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(resources, "resources");
    }

    /** These settings with other DC options. */
    ClientSettings withDcOptions(DcOptions value) {
        return new ClientSettings(options, value, metrics, resources);
    }

    /** A new connection to {@code dcId} through the configured transport. */
    Mono<FrameConnection> connect(int dcId) {
        return options.transport().connect(new ClientTransport.Target(dcId, dcOptions, resources.loops()));
    }

    int apiId() {
        return options.apiId();
    }

    InitConnectionParams initConnection() {
        return options.initConnection();
    }

    Duration pingInterval() {
        return options.pingInterval();
    }

    int maxConnectAttempts() {
        return options.maxConnectAttempts();
    }

    Duration requestTimeout() {
        return options.requestTimeout();
    }

    Duration keyExchangeTimeout() {
        return options.keyExchangeTimeout();
    }

    /** The lifetime of temporary (PFS) keys in seconds; 0 when the client uses its permanent keys directly. */
    int temporaryKeySeconds() {
        return options.temporaryKeys().map(d -> (int) d.getSeconds()).orElse(0);
    }

    /** The wait before reconnect attempt {@code attempt}; a dropped connection is retried almost at once. */
    Duration reconnectDelay(int attempt) {
        Duration delay = options.reconnectDelay().delay(attempt);
        return attempt == 0 && delay.compareTo(FIRST_RECONNECT_CAP) > 0 ? FIRST_RECONNECT_CAP : delay;
    }
}
