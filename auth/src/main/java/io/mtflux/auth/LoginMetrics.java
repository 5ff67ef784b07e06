package io.mtflux.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mtflux.core.tl.api.User;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** Login counts and durations by kind and outcome; {@link #NONE} records nothing and costs nothing. */
interface LoginMetrics {

    LoginMetrics NONE = (kind, login) -> login;

    /** {@code login}, measured under {@code kind}. */
    Mono<User> timed(String kind, Mono<User> login);

    /** Records {@code mtproto.login} timers on {@code registry}. */
    static LoginMetrics micrometer(MeterRegistry registry) {
        return (kind, login) -> Mono.defer(() -> {
            long start = System.nanoTime();
            return login.doOnEach(signal -> {
                if (signal.isOnNext() || signal.isOnError()) {
                    String outcome = signal.isOnNext() ? "ok" : signal.getThrowable().getClass().getSimpleName();
                    Timer.builder("mtproto.login").tag("kind", kind).tag("outcome", outcome).register(registry)
                        .record(Duration.ofNanos(System.nanoTime() - start));
                }
            });
        });
    }
}
