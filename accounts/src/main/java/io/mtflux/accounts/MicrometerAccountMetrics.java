package io.mtflux.accounts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link AccountMetrics} on a Micrometer registry: {@code mtproto.accounts} (gauge per {@code state}),
 * {@code mtproto.accounts.transitions} (counter; {@code from}, {@code to}), {@code mtproto.accounts.logins}
 * (counter; {@code outcome}). With per-account tags on, the two counters also carry {@code account} (for small
 * fleets only: a meter per account and state pair).
 */
final class MicrometerAccountMetrics implements AccountMetrics {
    private final MeterRegistry registry;
    private final boolean perAccount;
    private final Map<AccountState, AtomicInteger> byState = new EnumMap<>(AccountState.class);

    MicrometerAccountMetrics(MeterRegistry registry, boolean perAccount) {
        this.registry = registry;
        this.perAccount = perAccount;
        for (AccountState state : AccountState.values()) {
            AtomicInteger count = new AtomicInteger();
            byState.put(state, count);
            Gauge.builder("mtproto.accounts", count, AtomicInteger::get).tag("state", state.name())
                .description("accounts in each state").register(registry);
        }
    }

    @Override
    public void added(AccountState state) {
        byState.get(state).incrementAndGet();
    }

    @Override
    public void removed(AccountState state) {
        byState.get(state).decrementAndGet();
    }

    @Override
    public void transition(String accountId, AccountState from, AccountState to) {
        byState.get(from).decrementAndGet();
        byState.get(to).incrementAndGet();
        Counter.Builder b = Counter.builder("mtproto.accounts.transitions").tag("from", from.name())
            .tag("to", to.name());
        if (perAccount) {
            b.tag("account", accountId);
        }
        b.register(registry).increment();
    }

    @Override
    public void login(String accountId, String outcome) {
        Counter.Builder b = Counter.builder("mtproto.accounts.logins").tag("outcome", outcome);
        if (perAccount) {
            b.tag("account", accountId);
        }
        b.register(registry).increment();
    }
}
