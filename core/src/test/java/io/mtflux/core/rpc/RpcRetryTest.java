package io.mtflux.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class RpcRetryTest {

    /** A call that fails with the given errors in order, then succeeds. */
    private static Mono<String> failingThen(AtomicInteger calls, RpcException... errors) {
        return Mono.defer(() -> {
            int n = calls.getAndIncrement();
            return n < errors.length ? Mono.error(errors[n]) : Mono.just("ok after " + n);
        });
    }

    @Test
    void shortFloodWaitIsSleptOutOnTheTimer() {
        AtomicInteger calls = new AtomicInteger();
        StepVerifier.withVirtualTime(() -> failingThen(calls, RpcException.of(420, "FLOOD_WAIT_30"))
                .retryWhen(RpcRetry.defaults()))
            .expectSubscription()
            .expectNoEvent(Duration.ofSeconds(29))
            .thenAwait(Duration.ofSeconds(1))
            .expectNext("ok after 1")
            .verifyComplete();
        assertThat(calls).hasValue(2);
    }

    @Test
    void floodWaitOverTheThresholdSurfaces() {
        AtomicInteger calls = new AtomicInteger();
        StepVerifier.create(failingThen(calls, RpcException.of(420, "FLOOD_WAIT_61")).retryWhen(RpcRetry.defaults()))
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FloodWaitException.class)
                .hasMessage("420 FLOOD_WAIT_61"))
            .verify(Duration.ofSeconds(5));
        assertThat(calls).hasValue(1);
    }

    @Test
    void internalErrorsBackOffForBoundedAttempts() {
        AtomicInteger calls = new AtomicInteger();
        RpcException e = RpcException.of(500, "RPC_CALL_FAIL");
        RpcRetry retry = RpcRetry.defaults().withMaxInternalRetries(2)
            .withBackoff(Delay.exponential(Duration.ofSeconds(1), Duration.ofSeconds(60)));
        StepVerifier.withVirtualTime(() -> failingThen(calls, e, e, e).retryWhen(retry))
            .expectSubscription()
            .thenAwait(Duration.ofSeconds(1))
            .thenAwait(Duration.ofSeconds(2))
            .expectErrorMatches(x -> x == e)
            .verify(Duration.ofSeconds(5));
        assertThat(calls).hasValue(3);
    }

    @Test
    void otherErrorsAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        StepVerifier.create(failingThen(calls, RpcException.of(400, "PHONE_CODE_INVALID"))
                .retryWhen(RpcRetry.defaults()))
            .expectErrorMessage("400 PHONE_CODE_INVALID")
            .verify(Duration.ofSeconds(5));
        assertThat(calls).hasValue(1);
    }

    @Test
    void theDefaultBackoffIsExponentialWithEqualJitter() {
        Delay backoff = RpcRetry.defaults().backoff();
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.delay(0).toMillis()).isBetween(500L, 1000L);
            assertThat(backoff.delay(2).toMillis()).isBetween(2000L, 4000L);
            assertThat(backoff.delay(20).toMillis()).isBetween(30_000L, 60_000L);
        }
    }
}
