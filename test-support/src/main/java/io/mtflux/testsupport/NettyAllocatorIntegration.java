package io.mtflux.testsupport;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The BlockHound allowance every test module gets (a service BlockHound loads wherever it is installed): Netty 4.2's
 * adaptive allocator briefly takes a {@code StampedLock} write lock when it grows its magazines, which BlockHound
 * reports as a blocking call ({@code Unsafe#park}). Without it, under load, an event loop that allocates a buffer
 * (the testkit server's frame encoder, a database or Redis driver) fails its send, and the answers it carried
 * never leave. The session-store contract kit holds the same allowance for the adapters' tests of its users.
 */
public final class NettyAllocatorIntegration implements BlockHoundIntegration {

    /** Creates the integration (BlockHound loads it as a service). */
    public NettyAllocatorIntegration() {
    }

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
            "tryExpandMagazines");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
    }
}
