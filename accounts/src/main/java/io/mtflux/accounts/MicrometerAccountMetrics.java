package io.mtflux.accounts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * {@link AccountMetrics} on a Micrometer registry: {@code mtproto.accounts} (gauge per {@code state}),
 * {@code mtproto.accounts.transitions} (counter; {@code from}, {@code to}), {@code mtproto.accounts.logins}
 * (counter; {@code outcome}); with leases {@code mtproto.accounts.leases} (gauge: held now),
 * {@code mtproto.accounts.leases.acquired} and {@code .lost} (counters), {@code mtproto.accounts.leases.renew}
 * (timer; {@code outcome}: {@code ok}, {@code lost} or {@code error}); {@code mtproto.accounts.hot} and
 * {@code mtproto.accounts.parked} (gauges: accounts holding a client, parked accounts), {@code mtproto.accounts.parks}
 * (counter; {@code reason}) and {@code mtproto.accounts.wake} (timer of wakes to caught up; {@code trigger},
 * {@code outcome}). With per-account tags on, the transitions and logins counters also carry {@code account} (for
 * small fleets only: a meter per account and state pair).
 */
final class MicrometerAccountMetrics implements AccountMetrics {
    private final MeterRegistry registry;
    private final boolean perAccount;
    private final Map<AccountState, AtomicInteger> byState = new EnumMap<>(AccountState.class);
    /** Held strongly here: Micrometer keeps only a weak reference to a gauge's object. */
    private volatile IntSupplier leasesHeld;

    MicrometerAccountMetrics(MeterRegistry registry, boolean perAccount) {
        this.registry = registry;
        this.perAccount = perAccount;
        for (AccountState state : AccountState.values()) {
            AtomicInteger count = new AtomicInteger();
            byState.put(state, count);
            Gauge.builder("mtproto.accounts", count, AtomicInteger::get).tag("state", state.name())
                .description("accounts in each state").register(registry);
        }
        Gauge.builder("mtproto.accounts.hot", this, MicrometerAccountMetrics::hot)
            .description("accounts holding a client (a connection and its buffers)").register(registry);
        Gauge.builder("mtproto.accounts.parked", byState.get(AccountState.PARKED), AtomicInteger::get)
            .description("parked accounts: authorized, no connection").register(registry);
    }

    private double hot() {
        int hot = 0;
        for (Map.Entry<AccountState, AtomicInteger> e : byState.entrySet()) {
            if (e.getKey().isHot()) {
                hot += e.getValue().get();
            }
        }
        return hot;
    }

    @Override
    public void parked(String reason) {
        Counter.builder("mtproto.accounts.parks").tag("reason", reason).description("accounts parked")
            .register(registry).increment();
    }

    @Override
    public void woke(String trigger, String outcome, long nanos) {
        Timer.builder("mtproto.accounts.wake").tag("trigger", trigger).tag("outcome", outcome)
            .description("wakes of parked accounts, from the wake's start to connected and caught up")
            .register(registry).record(nanos, TimeUnit.NANOSECONDS);
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
    public void leasesHeld(IntSupplier held) {
        this.leasesHeld = held;
        Gauge.builder("mtproto.accounts.leases", held, h -> h.getAsInt())
            .description("account leases this instance holds").register(registry);
    }

    @Override
    public void leaseAcquired() {
        registry.counter("mtproto.accounts.leases.acquired").increment();
    }

    @Override
    public void leaseLost() {
        registry.counter("mtproto.accounts.leases.lost").increment();
    }

    @Override
    public void leaseRenewed(long nanos, String outcome) {
        Timer.builder("mtproto.accounts.leases.renew").tag("outcome", outcome)
            .description("lease renewal round trips").register(registry).record(nanos, TimeUnit.NANOSECONDS);
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
