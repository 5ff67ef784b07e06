package io.mtflux.core.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Micrometer observations of single-result calls (RPCs, login steps). {@code micrometer-observation} is an
 * optional dependency: this class is loaded only when the application gave an {@link ObservationRegistry}.
 *
 * <p>An observation has low-cardinality keys only: {@code method} (a TL method name) and {@code outcome}
 * ({@code ok}, {@code cancelled} or the error's name); an error is also passed to the handlers (its message holds
 * no secret: mtflux's exceptions never carry one). Arguments and results are never attached. Its parent is the
 * observation in the subscriber's Reactor context under {@link #CONTEXT_KEY}, when there is one, and it is put
 * there for what the call subscribes to, so a login step is the parent of its RPCs.
 */
public final class Observed {
    /** The Reactor context key of the current observation (Micrometer's, as its context propagation uses it). */
    public static final String CONTEXT_KEY = "micrometer.observation";

    private Observed() {
    }

    /**
     * {@code call} observed as {@code name}: the observation starts at subscription and stops at the result, the
     * error or the cancellation.
     *
     * @param registry the registry; a no-op registry costs almost nothing
     * @param name the observation's name, e.g. {@code mtproto.rpc}
     * @param method the value of the {@code method} key
     * @param outcome the {@code outcome} value of an error (its RPC error name or its class's simple name)
     * @param call the call
     * @param <T> its result
     * @return the observed call
     */
    public static <T> Mono<T> mono(ObservationRegistry registry, String name, String method,
                                   Function<Throwable, String> outcome, Mono<T> call) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(call, "call");
        if (registry.isNoop()) {
            return call;
        }
        return Mono.deferContextual(ctx -> {
            Observation parent = ctx.getOrDefault(CONTEXT_KEY, null);
            Observation observation = Observation.createNotStarted(name, registry)
                .lowCardinalityKeyValue("method", method)
                .parentObservation(parent)
                .start();
            AtomicBoolean stopped = new AtomicBoolean();
            return call
                .doOnEach(signal -> {
                    if ((signal.isOnNext() || signal.isOnComplete() || signal.isOnError())
                        && stopped.compareAndSet(false, true)) {
                        Throwable error = signal.getThrowable();
                        if (error != null) {
                            observation.lowCardinalityKeyValue("outcome", outcome.apply(error)).error(error);
                        } else {
                            observation.lowCardinalityKeyValue("outcome", "ok");
                        }
                        observation.stop();
                    }
                })
                .doOnCancel(() -> {
                    if (stopped.compareAndSet(false, true)) {
                        observation.lowCardinalityKeyValue("outcome", "cancelled").stop();
                    }
                })
                .contextWrite(c -> c.put(CONTEXT_KEY, observation));
        });
    }
}
