package io.mtflux.store.r2dbc;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Test-only BlockHound allowance (as in transport's tests) for a Netty internal that BlockHound misreads as
 * blocking: Netty 4.2's adaptive allocator briefly takes a {@code StampedLock} write lock when it grows its
 * magazines, which the r2dbc driver's event loops hit under load.
 */
public final class NettyAllocatorIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
            "tryExpandMagazines");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
    }
}
