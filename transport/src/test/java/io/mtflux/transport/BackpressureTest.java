package io.mtflux.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.transport.framing.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * A slow subscriber stops socket reads: the server, which produces packets lazily as its channel accepts
 * them, gets stuck far below the total while the client requests nothing, and finishes once it does.
 */
class BackpressureTest {

    private static final int PACKETS = 2000;
    private static final int SIZE = 64 * 1024;

    @Test
    void slowSubscriberStopsReads() throws InterruptedException {
        AtomicInteger produced = new AtomicInteger();
        FrameServer server = MtprotoTransport.server()
            .handle(conn -> conn.receive()
                .take(1)
                .doOnNext(ByteBuf::release)
                .then(conn.send(Flux.range(0, PACKETS).map(i -> {
                    produced.incrementAndGet();
                    return Unpooled.buffer(SIZE).writeIntLE(i).writeZero(SIZE - 4);
                }))))
            .bind().block(Duration.ofSeconds(10));
        try {
            FrameConnection conn = MtprotoTransport.tcp().host("127.0.0.1").port(server.port())
                .framing(Framing.INTERMEDIATE).obfuscated(true).dcId(1)
                .connect().block(Duration.ofSeconds(10));
            AtomicInteger received = new AtomicInteger();
            AtomicReference<Subscription> subscription = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            conn.receive().subscribe(new BaseSubscriber<ByteBuf>() {
                @Override
                protected void hookOnSubscribe(Subscription s) {
                    subscription.set(s);
                    s.request(1);
                }

                @Override
                protected void hookOnNext(ByteBuf value) {
                    assertThat(value.getIntLE(value.readerIndex())).isEqualTo(received.getAndIncrement());
                    value.release();
                }

                @Override
                protected void hookOnError(Throwable error) {
                    failure.set(error);
                }

                @Override
                protected void hookFinally(reactor.core.publisher.SignalType type) {
                    done.countDown();
                }
            });
            conn.send(Flux.just(Unpooled.buffer(4).writeIntLE(7))).block(Duration.ofSeconds(10));
            // Let the server run as far as it can; with reads stopped it must stall on the full socket buffers.
            int previous = -1;
            for (int i = 0; i < 20 && produced.get() != previous; i++) {
                previous = produced.get();
                Thread.sleep(250);
            }
            int stalledAt = produced.get();
            assertThat(received.get()).isEqualTo(1);
            assertThat(stalledAt).as("packets produced while the client requested 1").isLessThan(PACKETS / 2);
            subscription.get().request(Long.MAX_VALUE);
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(failure.get()).isNull();
            assertThat(received.get()).isEqualTo(PACKETS);
            assertThat(produced.get()).isEqualTo(PACKETS);
            conn.dispose();
        } finally {
            server.dispose();
        }
    }
}
