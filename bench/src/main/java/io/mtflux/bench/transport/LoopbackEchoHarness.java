package io.mtflux.bench.transport;

import io.mtflux.bench.LatencyRecorder;
import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.FrameServer;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.framing.Framing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Loopback echo load: N client connections, each keeping a window of 1 KiB records in flight to the
 * transport's own echo server, for a fixed time, with obfuscation off and on, each way twice: unbatched (one
 * packet per record, each reply answered at once) and batched (the records one socket read delivers answered
 * together in one packet, as the RPC client flushes once per socket read; see {@link EchoLoad}). Prints
 * records/s, MB/s (one direction), the p50/p99 round-trip latency and the records per client packet.
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
        System.out.printf("%-12s %-6s %-9s %12s %10s %10s %10s %12s%n", "connections", "obf", "echo", "records/s",
            "MB/s", "p50 us", "p99 us", "rec/packet");
        for (int n : counts) {
            for (boolean obf : new boolean[] {false, true}) {
                for (boolean batched : new boolean[] {false, true}) {
                    run(server.port(), n, obf, batched);
                }
            }
        }
        server.dispose();
    }

    private static void run(int port, int connections, boolean obfuscated, boolean batched) {
        List<FrameConnection> conns = Flux.range(0, connections)
            .flatMap(i -> MtprotoTransport.tcp().host("127.0.0.1").port(port)
                .framing(Framing.INTERMEDIATE).obfuscated(obfuscated).dcId(2).connect(), 64)
            .collectList().block();
        LatencyRecorder recorder = new LatencyRecorder(WARMUP, RUN);
        EchoLoad.Counts sent = new EchoLoad.Counts();
        List<Mono<Void>> loops = new ArrayList<>();
        for (FrameConnection c : conns) {
            loops.add(batched ? EchoLoad.batched(c, recorder, sent, WINDOW, SIZE)
                : EchoLoad.unbatched(c, recorder, sent, WINDOW, SIZE));
        }
        Mono.when(loops).block(RUN.plus(WARMUP).plusSeconds(30));
        double rate = recorder.rate();
        System.out.printf("%-12d %-6s %-9s %12.0f %10.1f %10d %10d %12.1f%n", connections, obfuscated,
            batched ? "batched" : "unbatched", rate, rate * SIZE / 1e6, recorder.percentileMicros(0.5),
            recorder.percentileMicros(0.99), sent.recordsPerPacket());
        conns.forEach(FrameConnection::dispose);
    }
}
