package io.mtflux.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Proves that BlockHound is installed for this module's tests: a blocking call on a non-blocking thread fails. */
class BlockHoundActiveTest {

    @Test
    void blockingCallOnParallelSchedulerFails() {
        Mono<String> blocking = Mono.fromCallable(() -> {
            Thread.sleep(1);
            return "slept";
        }).subscribeOn(Schedulers.parallel());

        StepVerifier.create(blocking)
            .expectErrorMatches(e -> e instanceof BlockingOperationError
                && e.getMessage().contains("java.lang.Thread.sleep"))
            .verify(Duration.ofSeconds(10));
    }

    @Test
    void blockingCallOnBoundedElasticIsAllowed() {
        Mono<String> blocking = Mono.fromCallable(() -> {
            Thread.sleep(1);
            return "slept";
        }).subscribeOn(Schedulers.boundedElastic());

        StepVerifier.create(blocking).expectNext("slept").verifyComplete();
        assertThat(Schedulers.isInNonBlockingThread()).isFalse();
    }
}
