package io.mtflux.spring.boot;

import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.event.ConnectionState;
import io.mtflux.core.event.ConnectionStateChanged;
import io.mtflux.core.store.SessionState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code mtflux} health: the client bean's account, whether it is authorized and its home DC connection's
 * state, and the accounts runtime's accounts by state. DOWN when the client's home connection dropped
 * ({@code DISCONNECTED}) or was closed; UP otherwise, also before the application connects it.
 */
public final class MtfluxHealthIndicator implements HealthIndicator {
    private final MtprotoClient client;
    private final Supplier<Map<String, Object>> accounts;
    private volatile ConnectionState home;

    /**
     * An indicator of this client and these accounts.
     *
     * @param client the client bean, or null when there is none
     * @param accounts the accounts' details, or null without the accounts runtime
     */
    public MtfluxHealthIndicator(MtprotoClient client, Supplier<Map<String, Object>> accounts) {
        this.client = client;
        this.accounts = accounts;
        // the client's events are hot: the indicator watches from its creation (before the client connects)
        // (the subscription ends when the client is closed: its events complete)
        if (client != null) {
            client.events().ofType(ConnectionStateChanged.class).filter(ConnectionStateChanged::homeDc)
                .subscribe(changed -> home = changed.state(), error -> { });
        }
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        if (client != null) {
            SessionState session = client.session();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("account", client.options().accountId());
            details.put("authorized", session != null && session.userId() != null);
            ConnectionState state = home;
            details.put("connection", state == null ? "NOT_CONNECTED" : state.name());
            health.withDetail("client", details);
            if (state == ConnectionState.DISCONNECTED || state == ConnectionState.CLOSED) {
                health.down();
            }
        }
        Map<String, Object> accountDetails = accounts == null ? null : accounts.get();
        if (accountDetails != null) {
            health.withDetail("accounts", accountDetails);
        }
        return health.build();
    }
}
