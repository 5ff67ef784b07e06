package io.mtflux.store.contract;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * A BlockHound allowance for adapters' tests (the one this build's test support gives its own test modules) for a
 * Netty internal that BlockHound misreads as blocking: Netty 4.2's adaptive allocator briefly takes a
 * {@code StampedLock} write lock when it grows its magazines, which database and Redis drivers on Netty hit under
 * load. Registered as a service, so every test run that has this kit and BlockHound on its class path gets it.
 */
public final class NettyAllocatorIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
            "tryExpandMagazines");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
    }
}
