package io.mtflux.core.client;

import io.mtflux.core.internal.session.MessageSession;
import io.mtflux.core.internal.session.PendingRequest;
import io.mtflux.core.internal.session.RequestSink;
import io.mtflux.core.internal.session.ServerSalts;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.mtproto.GetFutureSalts;
import io.mtflux.core.tl.mtproto.PingDelayDisconnect;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * The upkeep of one usable DC connection (docs/protocol.md 2.7, 2.8): acknowledgements batched (sent with the next
 * output, at {@value #ACK_BATCH} pending, or after {@link #ACK_DELAY}), a {@code ping_delay_disconnect} every ping
 * interval (the server closes the connection after 1.5 intervals without one), dropping the connection when the
 * previous ping got no pong within an interval, and {@code get_future_salts} before the known salts run out.
 *
 * <p>Runs inside its connection's loop: its timers only queue commands there through {@link Host#execute}.
 */
final class Keepalive {
    private static final Logger LOG = LoggerFactory.getLogger(Keepalive.class);
    static final int ACK_BATCH = 16;
    static final Duration ACK_DELAY = Duration.ofMillis(200);

    /** The connection this keeps alive. */
    interface Host {
        /** Queues a command into the connection's loop. */
        void execute(Runnable command);

        /** Output is waiting: flush after the current batch. */
        void requestFlush();

        /** The connection looks dead: drop it (a reconnect follows). */
        void dropConnection(String why);

        /** A ping got no pong within the interval: the connection is dropped next (black hole, half-open). */
        default void pongMissed() {
        }
    }

    private final int dcId;
    private final MessageSession session;
    private final SessionTimers timers;
    private final Duration pingInterval;
    private final Host host;
    private boolean running;
    private Disposable ackTimer;
    private Disposable pingTimer;
    private PendingRequest pendingPing;

    Keepalive(int dcId, MessageSession session, SessionTimers timers, Duration pingInterval, Host host) {
        this.dcId = dcId;
        this.session = session;
        this.timers = timers;
        this.pingInterval = pingInterval;
        this.host = host;
    }

    /** The connection became usable: pings start, salts are asked for if they run out. */
    void start() {
        stop();
        running = true;
        pingTimer = timers.every(pingInterval, () -> host.execute(this::ping));
        if (session.needsSalts()) {
            requestFutureSalts();
        }
    }

    /** The connection is gone: no more pings or ack timers; a ping in flight no longer counts. */
    void stop() {
        running = false;
        if (ackTimer != null) {
            ackTimer.dispose();
            ackTimer = null;
        }
        if (pingTimer != null) {
            pingTimer.dispose();
            pingTimer = null;
        }
        pendingPing = null;
    }

    boolean running() {
        return running;
    }

    /** After a received packet: flush now when acks piled up or answers are due, else arm the ack timer. */
    void afterFrame() {
        if (session.pendingAcks() >= ACK_BATCH || session.hasOutgoingRequests()) {
            host.requestFlush();
        } else if (session.pendingAcks() > 0 && ackTimer == null) {
            ackTimer = timers.once(ACK_DELAY, () -> host.execute(() -> {
                ackTimer = null;
                host.requestFlush();
            }));
        }
    }

    /** One ping period: drop the connection if the last ping has no pong, else ping again. */
    void ping() {
        if (!running) {
            return;
        }
        if (pendingPing != null) {
            host.pongMissed();
            host.dropConnection("no pong within " + pingInterval);
            return;
        }
        if (session.needsSalts()) {
            requestFutureSalts();
        }
        int disconnectDelay = (int) (pingInterval.toSeconds() * 3 / 2);
        PingDelayDisconnect ping = new PingDelayDisconnect(ThreadLocalRandom.current().nextLong(),
            Math.max(disconnectDelay, 5));
        PendingRequest[] sent = new PendingRequest[1];
        sent[0] = session.submit(ping, TlWriter.serialize(ping), new RequestSink() {
            @Override
            public void success(Object result) {
                forget(sent[0]);
            }

            @Override
            public void error(Throwable error) {
                forget(sent[0]);
            }
        }, false);
        pendingPing = sent[0];
        host.requestFlush();
    }

    private void forget(PendingRequest ping) {
        if (pendingPing == ping) {
            pendingPing = null;
        }
    }

    /** Whether a ping waits for its pong. */
    boolean awaitingPong() {
        return pendingPing != null;
    }

    /** Asks for the next salts before the current ones expire (answered by a plain {@code future_salts}). */
    void requestFutureSalts() {
        GetFutureSalts request = new GetFutureSalts(ServerSalts.MAX_FUTURE);
        session.submit(request, TlWriter.serialize(request), new RequestSink() {
            @Override
            public void success(Object result) {
                LOG.debug("DC {}: got future salts", dcId);
            }

            @Override
            public void error(Throwable error) {
                LOG.debug("DC {}: get_future_salts failed: {}", dcId, error.toString());
            }
        }, false);
        host.requestFlush();
    }
}
