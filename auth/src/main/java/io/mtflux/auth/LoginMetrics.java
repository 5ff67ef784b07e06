package io.mtflux.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Login counts and durations by kind and outcome, migrations and flood waits met by login calls; {@link #NONE}
 * records nothing and costs nothing.
 */
interface LoginMetrics {

    LoginMetrics NONE = new LoginMetrics() {
        @Override
        public <T> Flux<T> timed(String kind, Flux<T> login, Predicate<T> done) {
            return login;
        }

        @Override
        public void migration(String kind, int dcId) {
        }

        @Override
        public void floodWait(String method, long seconds) {
        }
    };

    /**
     * {@code login} measured under {@code kind}: the first element matching {@code done} ends the measurement
     * with outcome {@code ok}, an error with the error's simple class name, a cancellation before that with
     * {@code cancelled}.
     */
    <T> Flux<T> timed(String kind, Flux<T> login, Predicate<T> done);

    /** A single-result login, measured under {@code kind}. */
    default <T> Mono<T> timed(String kind, Mono<T> login) {
        return timed(kind, login.flux(), x -> true).next();
    }

    /** A QR login followed {@code auth.loginTokenMigrateTo} (kind {@code qr}); other migrations are the client's. */
    void migration(String kind, int dcId);

    /** A flood wait that reached a login call (after the client's retry policy slept out the short ones). */
    void floodWait(String method, long seconds);

    /**
     * Records on {@code registry}: {@code mtproto.login}, {@code mtproto.login.migrations},
     * {@code mtproto.login.flood.waits}.
     */
    static LoginMetrics micrometer(MeterRegistry registry) {
        return new LoginMetrics() {
            @Override
            public <T> Flux<T> timed(String kind, Flux<T> login, Predicate<T> done) {
                return Flux.defer(() -> {
                    long start = System.nanoTime();
                    AtomicBoolean recorded = new AtomicBoolean();
                    Runnable ok = () -> record(kind, "ok", start, recorded);
                    return login
                        .doOnNext(x -> {
                            if (done.test(x)) {
                                ok.run();
                            }
                        })
                        .doOnError(e -> record(kind, e.getClass().getSimpleName(), start, recorded))
                        .doOnCancel(() -> record(kind, "cancelled", start, recorded));
                });
            }

            private void record(String kind, String outcome, long start, AtomicBoolean recorded) {
                if (recorded.compareAndSet(false, true)) {
                    Timer.builder("mtproto.login").tag("kind", kind).tag("outcome", outcome).register(registry)
                        .record(Duration.ofNanos(System.nanoTime() - start));
                }
            }

            @Override
            public void migration(String kind, int dcId) {
                Counter.builder("mtproto.login.migrations").tag("kind", kind).tag("dc", String.valueOf(dcId))
                    .register(registry).increment();
            }

            @Override
            public void floodWait(String method, long seconds) {
                io.micrometer.core.instrument.DistributionSummary.builder("mtproto.login.flood.waits")
                    .baseUnit("seconds").tag("method", method).register(registry).record(seconds);
            }
        };
    }
}
