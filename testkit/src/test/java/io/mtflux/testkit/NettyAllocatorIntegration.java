package io.mtflux.testkit;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The BlockHound allowance transport's tests and the session-store kit have, for this module's tests: Netty 4.2's
 * adaptive allocator briefly takes a {@code StampedLock} write lock when it grows its magazines, which BlockHound
 * reports as a blocking call ({@code Unsafe#park}). Under the exactly-once suite's load the testkit server's frame
 * encoder met it, its send failed with that error, and the answers it carried never left: the client's callers
 * waited for ever. Registered as a service, so BlockHound loads it wherever it is installed.
 */
public final class NettyAllocatorIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
            "tryExpandMagazines");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
    }
}
