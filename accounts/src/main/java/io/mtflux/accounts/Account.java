package io.mtflux.accounts;

import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.LeasedSessionStore;
import io.mtflux.core.tl.api.User;
import java.time.Instant;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * One account's runtime inside the manager: its state and what it runs. Every field is read and written under
 * the account's monitor ({@code synchronized (account)}), held only for a few assignments, never across a call.
 */
final class Account {
    final String id;
    final AccountSpec spec;
    AccountState state = AccountState.NEW;
    Instant since;
    /** Where FLOOD_WAIT and RECONNECTING go back to. */
    AccountState resume;
    Instant floodUntil;
    Long userId;
    User user;
    MtprotoClient client;
    /** The client's events and updates subscriptions. */
    Disposable listeners;
    /** The subscription to the lease's {@code lost()}; null without a lease. */
    Disposable leaseWatch;
    /** {@code System.nanoTime()} of the latest call through the manager (or of becoming authorized): idle parking. */
    long lastCallNanos;
    /** Calls through the manager running on the client now (an idle park waits for none). */
    int inFlight;
    /** A park is under way (the update position is being saved before the client is closed). */
    boolean parking;
    /** The parked client's close, until it is done: a wake waits for it (the session is saved last). */
    Mono<Void> closing;
    /** The wake under way, until caught up; null when none. */
    Mono<Void> waking;
    /** The wake under way, until its client is connected (calls wait for this); null when none. */
    Mono<Void> wakeReady;
    /** WAKING with its new client connected: calls go out on it while it catches up. */
    boolean clientReady;
    /** Woken by the schedule: parked again once caught up, unless a call came meanwhile. */
    boolean scheduledWake;
    /** With {@code wakeEvery}: {@code System.nanoTime()} when the schedule wakes the parked account (0: not due). */
    long nextWakeNanos;
    Disposable floodTimer;
    boolean removed;
    /** The lease this instance runs the account under (lease mode), null when it holds none. */
    LeasedSessionStore lease;
    /** A lease is being acquired for a start. */
    boolean acquiring;
    /** Stopped through {@code stop(id)}: the balancer leaves it alone until {@code start(id)}. */
    boolean stoppedByUser;
    /** The fencing token of the current or last lease (0: none yet). */
    long fence;
    /** The home DC of the client's session as last seen (0: not yet known). */
    int dc;
    /** The name of the last login error (e.g. PHONE_CODE_INVALID, FLOOD_WAIT), null when none. */
    String lastError;

    Account(AccountSpec spec, Instant now) {
        this.id = spec.id();
        this.spec = spec;
        this.since = now;
    }

    AccountSnapshot snapshot() {
        io.mtflux.core.store.SessionState session = client == null ? null : client.session();
        int home = session != null ? session.homeDc() : dc;
        io.mtflux.core.store.PendingLogin pending = session == null ? null : session.pendingLogin();
        return new AccountSnapshot(id, state, since, userId, state == AccountState.FLOOD_WAIT ? floodUntil : null,
            fence, lease != null && lease.isHeld(), home, lastError, pending == null ? null : pending.step());
    }
}
