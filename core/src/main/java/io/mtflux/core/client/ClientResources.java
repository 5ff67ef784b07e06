package io.mtflux.core.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.mtflux.core.crypto.RandomSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpResources;

/**
 * What many {@link MtprotoClient}s share, as Lettuce's {@code ClientResources}: the event loops their
 * connections run on, the timer of their sessions (acks, pings, request timeouts, reconnect delays), the scheduler
 * of CPU-heavy key-exchange steps, the secure random source, and optionally a meter registry. Create one per
 * application, hand it to every client with {@link ClientOptions.Builder#resources(ClientResources)}, and
 * {@link #shutdown()} it after the last client closed: thousands of clients then cost a fixed number of threads.
 *
 * <pre>{@code
 * ClientResources resources = ClientResources.builder().ioThreads(4).build();
 * ClientOptions options = ClientOptions.builder().resources(resources)...build();
 * MtprotoClient a = MtprotoClient.create(options.mutate().accountId("a").build());
 * MtprotoClient b = MtprotoClient.create(options.mutate().accountId("b").build());
 * // ... a.close(), b.close()
 * resources.shutdown().block();
 * }</pre>
 *
 * <p>Ownership: {@link MtprotoClient#close()} never touches the resources. {@link #shutdown()} releases what this
 * object created (event loops made by {@link Builder#ioThreads(int)} or by default, the timer thread) and leaves
 * alone what it was given ({@link Builder#loops(LoopResources)}, {@link Builder#computation(Scheduler)}, the meter
 * registry). Clients still open on shut-down resources stop working (their timers no longer fire, new
 * connections fail). {@link #shared()} is the default of every client: created on first use, it runs on Reactor
 * Netty's global event loops ({@link TcpResources}), {@code Schedulers.parallel()} and one daemon timer thread,
 * lives as long as the JVM, and ignores {@link #shutdown()}.
 */
public final class ClientResources {
    private static volatile ClientResources shared;
    private static final AtomicInteger IDS = new AtomicInteger();

    private final LoopResources loops;
    private final boolean ownsLoops;
    private final Scheduler computation;
    private final RandomSource random;
    private final MeterRegistry meterRegistry;
    private final ObservationRegistry observationRegistry;
    private final SessionTimers timers;
    private final boolean isShared;
    private final AtomicBoolean shutdown = new AtomicBoolean();

    private ClientResources(Builder b, boolean isShared) {
        this.isShared = isShared;
        int id = isShared ? 0 : IDS.incrementAndGet();
        if (b.loops != null) {
            this.loops = b.loops;
            this.ownsLoops = false;
        } else if (isShared) {
            this.loops = TcpResources.get();
            this.ownsLoops = false;
        } else {
            this.loops = LoopResources.create("mtflux-io-r" + id, b.ioThreads, true);
            this.ownsLoops = true;
        }
        this.computation = b.computation;
        this.random = b.random;
        this.meterRegistry = b.meterRegistry;
        this.observationRegistry = b.observationRegistry;
        // threads: mtflux-timer-N-1 for the shared default, mtflux-timer-rK-N-1 and mtflux-io-rK-... for others
        this.timers = new SessionTimers(isShared ? "mtflux-timer" : "mtflux-timer-r" + id);
        // seeds the DRBG here, on the creating thread: seeding reads the OS entropy source, which must not happen
        // on an event loop
        random.nextLong();
    }

    /**
     * The JVM-wide default, created on first use: Reactor Netty's global event loops, {@code Schedulers.parallel()},
     * {@link RandomSource#secure()}, one daemon timer thread, no meter registry. Its {@link #shutdown()} does
     * nothing.
     *
     * @return the shared resources
     */
    public static ClientResources shared() {
        ClientResources r = shared;
        if (r == null) {
            synchronized (ClientResources.class) {
                r = shared;
                if (r == null) {
                    r = new ClientResources(new Builder(), true);
                    shared = r;
                }
            }
        }
        return r;
    }

    /**
     * New resources with their own event loops ({@link LoopResources#DEFAULT_IO_WORKER_COUNT} threads) and
     * timer; the caller shuts them down.
     *
     * @return new resources
     */
    public static ClientResources create() {
        return builder().build();
    }

    /** @return a builder of new resources */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the event loops connections run on (unless a client's transport names its own) */
    public LoopResources loops() {
        return loops;
    }

    /** @return the scheduler of CPU-heavy key-exchange steps */
    public Scheduler computation() {
        return computation;
    }

    /** @return the secure random source of session ids, padding and key exchanges */
    public RandomSource random() {
        return random;
    }

    /** @return the meter registry clients record to unless their builder names one; null for none */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /**
     * The Micrometer Observation registry of every client on these resources: each RPC is an observation
     * {@code mtproto.rpc} (and each login step of {@code mtflux-auth} one named {@code mtproto.login}), whose
     * handlers may make spans of them. Null for none (nothing is observed, at no cost).
     *
     * @return the registry, or null
     */
    public ObservationRegistry observationRegistry() {
        return observationRegistry;
    }

    SessionTimers timers() {
        return timers;
    }

    /** @return whether {@link #shutdown()} has run (never for {@link #shared()}) */
    public boolean isShutdown() {
        return shutdown.get();
    }

    /**
     * Releases what these resources created: their own event loops (gracefully) and the timer thread. Given
     * loops, scheduler and registry are left alone; on {@link #shared()} this does nothing. Close the clients
     * first. Idempotent; the timer is stopped on {@code Schedulers.boundedElastic()} (stopping joins its thread).
     *
     * @return completes once released
     */
    public Mono<Void> shutdown() {
        if (isShared || !shutdown.compareAndSet(false, true)) {
            return Mono.empty();
        }
        Mono<Void> stopTimer = Mono.<Void>fromRunnable(timers::stop).subscribeOn(Schedulers.boundedElastic());
        return ownsLoops ? stopTimer.then(loops.disposeLater()) : stopTimer;
    }

    @Override
    public String toString() {
        return "ClientResources[" + (isShared ? "shared" : ownsLoops ? "own loops" : "given loops")
            + (isShutdown() ? ", shut down" : "") + "]";
    }

    /** Configures new {@link ClientResources}; every setter returns this builder. */
    public static final class Builder {
        private LoopResources loops;
        private int ioThreads = LoopResources.DEFAULT_IO_WORKER_COUNT;
        private Scheduler computation = Schedulers.parallel();
        private RandomSource random = RandomSource.secure();
        private MeterRegistry meterRegistry;
        private ObservationRegistry observationRegistry;

        private Builder() {
        }

        /**
         * Event loops owned by the caller (not disposed by {@link ClientResources#shutdown()}).
         *
         * @param value the loops
         * @return this builder
         */
        public Builder loops(LoopResources value) {
            this.loops = Objects.requireNonNull(value, "loops");
            return this;
        }

        /**
         * The number of event-loop threads of the resources' own loops (default: Reactor Netty's default, at
         * least 4); ignored when {@link #loops(LoopResources)} is given.
         *
         * @param value the thread count, at least 1
         * @return this builder
         */
        public Builder ioThreads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1");
            }
            this.ioThreads = value;
            return this;
        }

        /**
         * The scheduler of CPU-heavy key-exchange steps (default {@code Schedulers.parallel()}; not disposed by
         * {@link ClientResources#shutdown()}).
         *
         * @param value the scheduler
         * @return this builder
         */
        public Builder computation(Scheduler value) {
            this.computation = Objects.requireNonNull(value, "computation");
            return this;
        }

        /**
         * The random source (default {@link RandomSource#secure()}); it must be secure outside tests.
         *
         * @param value the source
         * @return this builder
         */
        public Builder random(RandomSource value) {
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        /**
         * A meter registry for every client on these resources whose builder names none.
         *
         * @param value the registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry value) {
            this.meterRegistry = Objects.requireNonNull(value, "meterRegistry");
            return this;
        }

        /**
         * A Micrometer Observation registry (an optional dependency, {@code micrometer-observation}) for every
         * client on these resources: an observation {@code mtproto.rpc} per RPC (low-cardinality keys
         * {@code method}, the TL name, and {@code outcome}, {@code ok} or the error's name), child of the
         * observation in the subscriber's Reactor context (key {@code micrometer.observation}) when there is one.
         * Arguments and results are never attached.
         *
         * @param value the registry
         * @return this builder
         */
        public Builder observationRegistry(ObservationRegistry value) {
            this.observationRegistry = Objects.requireNonNull(value, "observationRegistry");
            return this;
        }

        /**
         * Creates the resources; call it off the event loops (it seeds the random source).
         *
         * @return new resources
         */
        public ClientResources build() {
            return new ClientResources(this, false);
        }
    }
}
