package io.mtflux.bench.transport;

import io.mtflux.bench.LatencyRecorder;
import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.FrameServer;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.framing.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Loopback echo load: N client connections, each keeping a window of 1 KiB packets in flight to the
 * transport's own echo server, for a fixed time. Prints packets/s, MB/s (one direction) and the p50/p99
 * round-trip latency, with obfuscation off and on.
 *
 * <p>Run: {@code java -cp bench/target/mtflux-bench.jar io.mtflux.bench.transport.LoopbackEchoHarness
 * [connections...]} (default 1 100 1000).
 */
public final class LoopbackEchoHarness {

    private static final int SIZE = 1024;
    private static final int WINDOW = 8;
    private static final Duration WARMUP = Duration.ofSeconds(2);
    private static final Duration RUN = Duration.ofSeconds(5);

    private LoopbackEchoHarness() {
    }

    public static void main(String[] args) {
        int[] counts = args.length == 0 ? new int[] {1, 100, 1000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        FrameServer server = MtprotoTransport.server().handle(c -> c.send(c.receive())).bind().block();
        System.out.printf("%-12s %-6s %12s %10s %10s %10s%n", "connections", "obf", "packets/s", "MB/s", "p50 us",
            "p99 us");
        for (int n : counts) {
            for (boolean obf : new boolean[] {false, true}) {
                run(server.port(), n, obf);
            }
        }
        server.dispose();
    }

    private static void run(int port, int connections, boolean obfuscated) {
        List<FrameConnection> conns = Flux.range(0, connections)
            .flatMap(i -> MtprotoTransport.tcp().host("127.0.0.1").port(port)
                .framing(Framing.INTERMEDIATE).obfuscated(obfuscated).dcId(2).connect(), 64)
            .collectList().block();
        LatencyRecorder recorder = new LatencyRecorder(WARMUP, RUN);
        List<Mono<Void>> loops = new ArrayList<>();
        for (FrameConnection c : conns) {
            loops.add(Mono.defer(() -> {
                // Each packet carries its send time; the echo tells the latency.
                Flux<ByteBuf> replies = c.receive();
                return c.send(Flux.range(0, WINDOW).map(i -> stamped()))
                    .thenMany(replies.takeWhile(b -> recorder.running()).concatMap(reply -> {
                        long sent = reply.getLong(reply.readerIndex());
                        reply.release();
                        recorder.record(sent);
                        return c.send(Mono.fromSupplier(LoopbackEchoHarness::stamped));
                    }, 0))
                    // takeWhile discards the reply that ends the run: release it
                    .doOnDiscard(ByteBuf.class, ByteBuf::release)
                    .then();
            }));
        }
        Mono.when(loops).block(RUN.plus(WARMUP).plusSeconds(30));
        double rate = recorder.rate();
        System.out.printf("%-12d %-6s %12.0f %10.1f %10d %10d%n", connections, obfuscated, rate,
            rate * SIZE / 1e6, recorder.percentileMicros(0.5), recorder.percentileMicros(0.99));
        conns.forEach(FrameConnection::dispose);
    }

    private static ByteBuf stamped() {
        return Unpooled.buffer(SIZE).writeLong(System.nanoTime()).writeZero(SIZE - 8);
    }
}
