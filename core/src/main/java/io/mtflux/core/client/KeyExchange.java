package io.mtflux.core.client;

import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.handshake.ClientHandshake;
import io.mtflux.core.handshake.ClientHandshakeSettings;
import io.mtflux.core.handshake.DhGenOutcome;
import io.mtflux.core.handshake.HandshakeResult;
import io.mtflux.core.internal.session.ProtocolException;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.mtproto.ResPQ;
import io.mtflux.core.tl.mtproto.ServerDHParams;
import io.mtflux.core.tl.mtproto.SetClientDHParamsAnswer;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Drives one key exchange (docs/protocol.md 3.1) over a connection, for a permanent key or a temporary (PFS) one:
 * {@link #begin()} sends {@code req_pq_multi}; each plain answer handed to {@link #onMessage} runs its
 * {@link ClientHandshake} step (RSA, the 2048-bit {@code modPow}) on the computation scheduler, off the event
 * loop, and comes back through the connection's loop, which then sends the next request or reports the key or
 * the failure to the {@link Listener}. One instance per attempt; {@link #cancel()} makes late results vanish.
 */
final class KeyExchange {

    /** The connection that runs the exchange; every callback runs inside its loop. */
    interface Listener {
        /** Sends a plain (unencrypted) message. */
        void sendPlain(TlObject message);

        /** The exchange produced a key. */
        void onKey(KeyExchange exchange, HandshakeResult result);

        /** The exchange failed (a bad answer, a failed check, too many retries). */
        void onFailed(KeyExchange exchange, Throwable error);
    }

    private final ClientHandshake handshake;
    private final boolean temporary;
    private final Scheduler computation;
    private final Consumer<Runnable> loop;
    private final Listener listener;
    private final long startNanos = System.nanoTime();
    private boolean finished;

    /**
     * @param settings what to exchange (permanent or temporary, trusted RSA keys)
     * @param random the connection's random source (seeded off the event loops)
     * @param unixSeconds the local clock
     * @param computation where the CPU-heavy steps run
     * @param loop queues a command into the connection's loop
     * @param listener the connection
     */
    KeyExchange(ClientHandshakeSettings settings, RandomSource random, LongSupplier unixSeconds,
                Scheduler computation, Consumer<Runnable> loop, Listener listener) {
        this.handshake = new ClientHandshake(settings, random, unixSeconds);
        this.temporary = settings.variant().temporary();
        this.computation = computation;
        this.loop = loop;
        this.listener = listener;
    }

    /** Whether this exchange creates a temporary key. */
    boolean temporary() {
        return temporary;
    }

    /** Time since the exchange was created. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Whether the exchange ended (a key, a failure or a cancel). */
    boolean finished() {
        return finished;
    }

    /** Sends the first request. */
    void begin() {
        listener.sendPlain(handshake.begin());
    }

    /** Ends the exchange without reporting anything (its connection went away); late step results are dropped. */
    void cancel() {
        finished = true;
    }

    /** The next plain message from the server. */
    void onMessage(TlObject message) {
        if (finished) {
            return;
        }
        if (message instanceof ResPQ resPq) {
            step(() -> handshake.onResPq(resPq), listener::sendPlain);
        } else if (message instanceof ServerDHParams params) {
            step(() -> handshake.onServerDhParams(params), listener::sendPlain);
        } else if (message instanceof SetClientDHParamsAnswer answer) {
            step(() -> handshake.onDhGenAnswer(answer), this::onDhGen);
        } else {
            fail(new ProtocolException("unexpected " + message.tlName() + " during the key exchange"));
        }
    }

    private <T> void step(Callable<T> work, Consumer<T> then) {
        Mono.fromCallable(work).subscribeOn(computation).subscribe(
            next -> loop.accept(() -> {
                if (!finished) {
                    then.accept(next);
                }
            }),
            error -> loop.accept(() -> fail(error)));
    }

    private void onDhGen(DhGenOutcome outcome) {
        if (outcome instanceof DhGenOutcome.Retry retry) {
            listener.sendPlain(retry.request());
            return;
        }
        finished = true;
        listener.onKey(this, ((DhGenOutcome.Done) outcome).result());
    }

    private void fail(Throwable error) {
        if (!finished) {
            finished = true;
            listener.onFailed(this, error);
        }
    }
}
