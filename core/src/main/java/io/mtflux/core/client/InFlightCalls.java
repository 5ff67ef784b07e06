package io.mtflux.core.client;

import io.mtflux.core.internal.session.MessageSession;
import io.mtflux.core.internal.session.PendingRequest;
import io.mtflux.core.internal.session.RequestSink;
import io.mtflux.core.rpc.AlreadyExecutedException;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.tl.TlGzip;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.api.ApiSchema;
import io.mtflux.core.tl.api.InitConnection;
import io.mtflux.core.tl.api.InvokeWithLayer;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The callers' calls on one DC connection: each is wrapped for the session ({@code invokeWithLayer(initConnection)}
 * until the server has seen it for the current key, {@code gzip_packed} when that pays), queued in the connection's
 * {@link MessageSession}, timed out by one periodic sweep in deadline order, and its caller's sink completed with
 * the answer. A call answered {@code AUTH_KEY_PERM_EMPTY} with temporary keys is queued again (at most three
 * times) and the {@link Host} asked for a new binding.
 *
 * <p>Runs inside its connection's loop: callers and the sweep timer only queue commands there through
 * {@link Host#execute}. One call costs one {@code Submitted} and its session request, nothing more.
 */
final class InFlightCalls {
    private static final Logger LOG = LoggerFactory.getLogger(InFlightCalls.class);
    /** Bodies above this size are sent as {@code gzip_packed} when that makes them smaller. */
    private static final int GZIP_THRESHOLD = 512;

    /** The connection the calls go through. */
    interface Host {
        /** Queues a command into the connection's loop. */
        void execute(Runnable command);

        /** Output is waiting: flush after the current batch. */
        void requestFlush();

        /** A call found the temporary key unbound ({@code AUTH_KEY_PERM_EMPTY}) and waits again: bind a new key. */
        void onKeyUnbound();
    }

    private final int dcId;
    private final MessageSession session;
    private final SessionTimers timers;
    private final Duration timeout;
    private final long timeoutNanos;
    private final int apiId;
    private final InitConnectionParams init;
    private final boolean temporaryKeys;
    private final Host host;

    /** Calls waiting for an answer, oldest first (all share one timeout, so this is also deadline order). */
    private final LinkedHashSet<Submitted> inFlight = new LinkedHashSet<>();
    private Disposable sweep;
    /** Whether the current connection's calls no longer need the initConnection wrapper. */
    private boolean initialized;
    /** Counts the connections that became ready: an answer to a wrapper sent on an older one proves nothing. */
    private int generation;
    private boolean closed;

    /**
     * @param session the connection's session (outlives transport connections)
     * @param timeout how long a call waits for its answer
     * @param apiId and {@code init}: what {@code initConnection} announces
     * @param temporaryKeys whether messages are encrypted with temporary (PFS) keys
     */
    InFlightCalls(int dcId, MessageSession session, SessionTimers timers, Duration timeout, int apiId,
                  InitConnectionParams init, boolean temporaryKeys, Host host) {
        this.dcId = dcId;
        this.session = session;
        this.timers = timers;
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.apiId = apiId;
        this.init = init;
        this.temporaryKeys = temporaryKeys;
        this.host = host;
    }

    /** A call: queued into the loop on subscription, cancelled there when the subscriber cancels. */
    <R> Mono<R> invoke(TlMethod<R> method) {
        return Mono.create(sink -> {
            Submitted submitted = new Submitted(sink);
            sink.onCancel(() -> host.execute(submitted::cancel));
            host.execute(() -> submitted.submit(method));
        });
    }

    /**
     * A connection became ready (a reconnect or a new temporary key): the next call carries
     * {@code initConnection} again, and answers to wrappers sent before no longer count.
     */
    void onReady() {
        initialized = false;
        generation++;
    }

    /** No more calls: later ones fail at once; the sweep stops. The caller fails the session's requests. */
    void close() {
        closed = true;
        if (sweep != null) {
            sweep.dispose();
            sweep = null;
        }
        inFlight.clear();
    }

    /** The number of calls waiting for an answer. */
    int size() {
        return inFlight.size();
    }

    /**
     * Fails calls whose answer is overdue at {@code now} ({@link System#nanoTime()}), oldest first: one periodic
     * sweep instead of a timer per call, which would cost a scheduler task for every request.
     */
    void sweepTimeouts(long now) {
        Iterator<Submitted> it = inFlight.iterator();
        while (it.hasNext()) {
            Submitted s = it.next();
            if (s.deadline - now > 0) {
                break;
            }
            it.remove();
            s.timeOut();
        }
        if (inFlight.isEmpty() && sweep != null) {
            // nothing to time out: an idle connection keeps no periodic task (thousands of idle accounts would
            // each tick every second); the next call starts the sweep again
            sweep.dispose();
            sweep = null;
        }
    }

    /** Whether the periodic timeout sweep runs (only while calls wait for an answer). */
    boolean sweeping() {
        return sweep != null;
    }

    private void ensureSweep() {
        if (sweep == null) {
            Duration period = timeout.dividedBy(10).compareTo(Duration.ofMillis(100)) < 0
                ? Duration.ofMillis(100) : Duration.ofMillis(Math.min(1000, timeout.toMillis() / 10));
            sweep = timers.every(period, () -> host.execute(() -> sweepTimeouts(System.nanoTime())));
        }
    }

    /** Large queries go as {@code gzip_packed} when compression pays (docs/protocol.md 1.5). */
    static byte[] compressIfWorthIt(byte[] body) {
        if (body.length < GZIP_THRESHOLD) {
            return body;
        }
        byte[] packed = TlGzip.gzip(body);
        if (packed.length + 8 >= body.length) {
            return body;
        }
        TlWriter w = new TlWriter(packed.length + 8);
        w.writeInt(TlReader.GZIP_PACKED_ID);
        w.writeBytes(packed);
        return w.toByteArray();
    }

    /** One caller's request: its sink and its handle in the session. */
    private final class Submitted implements RequestSink {
        /** A call answered AUTH_KEY_PERM_EMPTY is sent again after a new binding at most this often. */
        private static final int MAX_REBINDS = 3;
        private final MonoSink<Object> sink;
        private TlMethod<?> method;
        private PendingRequest request;
        /** The {@link #generation} whose first call this one carried initConnection for; -1: none. */
        private int wrappedIn = -1;
        private int rebinds;
        private boolean done;
        private long deadline;
        private String methodName;

        @SuppressWarnings("unchecked")
        Submitted(MonoSink<?> sink) {
            this.sink = (MonoSink<Object>) sink;
        }

        void submit(TlMethod<?> method) {
            if (done) {
                return;
            }
            this.method = method;
            methodName = method.tlName();
            if (closed) {
                error(new IllegalStateException("the client was closed"));
                return;
            }
            TlMethod<?> wire = method;
            if (!initialized) {
                wire = new InvokeWithLayer<>(ApiSchema.LAYER, new InitConnection<>(apiId, init.deviceModel(),
                    init.systemVersion(), init.appVersion(), init.systemLangCode(), "", init.langCode(), null, null,
                    method));
                wrappedIn = generation;
            }
            request = session.submit(wire, compressIfWorthIt(TlWriter.serialize(wire)), this, true);
            deadline = System.nanoTime() + timeoutNanos;
            inFlight.add(this);
            ensureSweep();
            host.requestFlush();
        }

        void timeOut() {
            if (!done) {
                done = true;
                session.cancel(request);
                host.requestFlush();
                sink.error(new TimeoutException("no answer to " + methodName + " within " + timeout));
            }
        }

        void cancel() {
            if (!done && request != null) {
                done = true;
                inFlight.remove(this);
                session.cancel(request);
                host.requestFlush();
            }
        }

        @Override
        public void success(Object result) {
            if (wrappedIn == generation) {
                initialized = true;
            }
            done = true;
            inFlight.remove(this);
            sink.success(result);
        }

        @Override
        public void error(Throwable error) {
            if (wrappedIn == generation && error instanceof RpcException) {
                initialized = true;
            }
            if (temporaryKeys && error instanceof RpcException rpc
                && "AUTH_KEY_PERM_EMPTY".equals(rpc.errorMessage()) && rebinds < MAX_REBINDS && !done) {
                // the temporary key lost its binding (the DC forgot it or the permanent key): bind a new key
                // on a new connection, then send the call again
                rebinds++;
                LOG.info("DC {}: {} found the temporary key unbound (AUTH_KEY_PERM_EMPTY); binding a new one", dcId,
                    methodName);
                long kept = deadline;
                wrappedIn = -1;
                submit(method);
                deadline = kept;
                host.onKeyUnbound();
                return;
            }
            done = true;
            inFlight.remove(this);
            // sent again after a new binding: a RANDOM_ID_DUPLICATE means the first send was executed
            sink.error(rebinds > 0 ? AlreadyExecutedException.ofResent(error, methodName) : error);
        }
    }
}
