package io.mtflux.testkit.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets an event loop cancel a timer of a Reactor scheduler. Cancelling takes the executor's queue lock for a
 * moment ({@code ScheduledThreadPoolExecutor$DelayedWorkQueue.remove}); Reactor's own integration allows only
 * {@code offer} and {@code take}. Without this, a contended cancel throws BlockingOperationError inside the
 * lock's acquire, which leaves the lock's queue broken and wedges every timer of {@code Schedulers.parallel()}
 * (seen with 200 clients reconnecting at once: the client disposes its ping and ack timers on disconnect).
 */
public final class SchedulerCancelIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue",
            "remove");
    }
}
