package io.mtflux.core.client;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.handshake.TempKeyBinding;
import io.mtflux.core.internal.session.MessageIdGenerator;
import io.mtflux.core.internal.session.MessageSession;
import io.mtflux.core.internal.session.ProtocolException;
import io.mtflux.core.internal.session.RequestSink;
import io.mtflux.core.internal.session.ServerSalts;
import io.mtflux.core.internal.session.SessionListener;
import io.mtflux.core.metrics.ClientMetrics;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.api.auth.AuthBindTempAuthKey;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Binds a connection's temporary (PFS) key to the permanent key and says when to replace it (docs/protocol.md 3.5,
 * https://core.telegram.org/api/pfs). {@link #bind} sends {@code auth.bindTempAuthKey} alone in a session of its own
 * (the binding session, so that nothing of the main session reaches the server first), its
 * {@code encrypted_message} built for the msg_id it is sent with; the answer, a refusal or no answer within the
 * timeout is reported to the {@link Host}. {@link #scheduleRenewal} arms a timer that asks for a new key at
 * {@link #renewAfter} of the key's life.
 *
 * <p>Runs inside its connection's loop: its timers only queue commands there through {@link Host#execute}. The
 * connection keeps the state transitions (BINDING, READY) and the cipher; this part owns the binding session, its
 * timeout and the renewal timer.
 */
final class TempKeyBinder {
    private static final Logger LOG = LoggerFactory.getLogger(TempKeyBinder.class);

    /** The connection whose temporary keys this binds; every callback runs inside its loop. */
    interface Host extends SessionListener {
        /** Queues a command into the connection's loop. */
        void execute(Runnable command);

        /** Output is waiting: flush after the current batch. */
        void requestFlush();

        /** The binding was accepted; {@code binding} holds the acknowledgement of the answer, to be sent. */
        void onBound(MessageSession binding);

        /** The binding was refused or had no answer in time; the binding has already ended. */
        void onBindingFailed(TemporaryKeyException failure);

        /** The bound key nears its expiry: replace it (on a fresh connection). */
        void renewNow();
    }

    private final int dcId;
    private final MessageIdGenerator ids;
    private final ServerSalts salts;
    /** Seeded once off the event loops; makes session ids and the binding's nonce and padding. */
    private final RandomSource random;
    private final SessionTimers timers;
    private final Duration timeout;
    /** The lifetime of a temporary key in seconds (its {@code expires_at} and the renewal). */
    private final int keySeconds;
    private final ClientMetrics metrics;
    private final Host host;

    /** The session of the current binding (kept after the answer to take late messages), or null. */
    private MessageSession session;
    /** Whether {@link #session}'s binding still waits for its answer. */
    private boolean pending;
    private Disposable timeoutTimer;
    private Disposable renewTimer;
    /** Counts armed and cancelled renewals: a timer that fired before it was cancelled finds a newer count. */
    private int renewals;

    /**
     * @param ids the connection's msg_id generator (shared: one clock)
     * @param salts the connection's server salts (shared)
     * @param timeout how long a binding may wait for its answer
     * @param keySeconds the lifetime of each temporary key in seconds, at least 1
     */
    TempKeyBinder(int dcId, MessageIdGenerator ids, ServerSalts salts, RandomSource random, SessionTimers timers,
                  Duration timeout, int keySeconds, ClientMetrics metrics, Host host) {
        if (keySeconds < 1) {
            throw new IllegalArgumentException("a temporary key lives at least 1 second, not " + keySeconds);
        }
        this.dcId = dcId;
        this.ids = ids;
        this.salts = salts;
        this.random = random;
        this.timers = timers;
        this.timeout = timeout;
        this.keySeconds = keySeconds;
        this.metrics = metrics;
        this.host = host;
    }

    /**
     * When to replace a temporary key that lives {@code life}: at 80 % of its life, but never more than a minute
     * before it expires (a day-long key lives 23h59m, a 10-second test key 8 s).
     */
    static Duration renewAfter(Duration life) {
        Duration margin = life.dividedBy(5);
        if (margin.compareTo(Duration.ofMinutes(1)) > 0) {
            margin = Duration.ofMinutes(1);
        }
        return life.minus(margin);
    }

    /**
     * Binds {@code temporary} (which already encrypts the connection's messages, with its salt adopted) to
     * {@code permanent}: a new binding session with {@code auth.bindTempAuthKey} queued, and the timeout armed.
     */
    void bind(AuthKey permanent, AuthKey temporary) {
        end();
        MessageSession binding = new MessageSession(ids, salts, random::nextLong, host);
        session = binding;
        pending = true;
        long sessionId = binding.sessionId();
        int expiresAt = (int) (ids.serverTimeSeconds() + keySeconds);
        AuthBindTempAuthKey resultReader = new AuthBindTempAuthKey(permanent.id(), 0, expiresAt, new byte[0]);
        binding.submitForMsgId(resultReader, msgId -> TlWriter.serialize(TempKeyBinding.request(permanent,
            temporary, sessionId, expiresAt, msgId, random)), new RequestSink() {
                @Override
                public void success(Object result) {
                    onAnswer(binding, result);
                }

                @Override
                public void error(Throwable error) {
                    fail(binding, error);
                }
            });
        timeoutTimer = timers.once(timeout, () -> host.execute(() -> fail(binding,
            new TimeoutException("no answer to auth.bindTempAuthKey within " + timeout))));
        host.requestFlush();
    }

    /** The current binding session (waiting or answered), which frames of its session id go to; null if none. */
    MessageSession session() {
        return session;
    }

    /** Whether a binding waits for its answer. */
    boolean pending() {
        return pending;
    }

    private void onAnswer(MessageSession binding, Object result) {
        if (binding != session || !pending) {
            return;
        }
        if (!Boolean.TRUE.equals(result)) {
            fail(binding, new ProtocolException("auth.bindTempAuthKey answered " + result));
            return;
        }
        pending = false;
        disposeTimeout();
        metrics.temporaryKeyBinding(dcId, "ok");
        LOG.debug("DC {}: temporary key bound", dcId);
        // the binding session stays to take late messages of its session
        host.onBound(binding);
    }

    private void fail(MessageSession binding, Throwable error) {
        if (binding != session || !pending) {
            return;
        }
        String reason = error instanceof RpcException rpc ? rpc.errorMessage()
            : error instanceof TimeoutException ? "no answer" : error.getClass().getSimpleName();
        boolean permanentLost = error instanceof RpcException rpc
            && ("ENCRYPTED_MESSAGE_INVALID".equals(rpc.errorMessage())
                || "AUTH_KEY_PERM_EMPTY".equals(rpc.errorMessage()));
        metrics.temporaryKeyBinding(dcId, error instanceof RpcException ? reason : "failed");
        end();
        TemporaryKeyException failure = new TemporaryKeyException(dcId, reason, permanentLost, error);
        LOG.warn("{}", failure.getMessage());
        host.onBindingFailed(failure);
    }

    /** The connection went away: a binding still waiting counts as failed; the binding and the renewal end. */
    void connectionLost() {
        if (pending) {
            metrics.temporaryKeyBinding(dcId, "failed");
        }
        stop();
    }

    /** Ends the binding (its session and timeout) and the renewal timer, reporting nothing. */
    void stop() {
        end();
        cancelRenewal();
    }

    private void end() {
        disposeTimeout();
        session = null;
        pending = false;
    }

    private void disposeTimeout() {
        if (timeoutTimer != null) {
            timeoutTimer.dispose();
            timeoutTimer = null;
        }
    }

    /** The bound key started to serve: {@link Host#renewNow} at {@link #renewAfter} of its life. */
    void scheduleRenewal() {
        cancelRenewal();
        int armed = renewals;
        renewTimer = timers.once(renewAfter(Duration.ofSeconds(keySeconds)), () -> host.execute(() -> {
            if (armed == renewals) {
                renewTimer = null;
                renewals++;
                host.renewNow();
            }
        }));
    }

    /** No renewal: the key no longer serves (a timer that already fired is ignored). */
    void cancelRenewal() {
        renewals++;
        if (renewTimer != null) {
            renewTimer.dispose();
            renewTimer = null;
        }
    }
}
