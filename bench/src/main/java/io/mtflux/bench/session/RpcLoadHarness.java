package io.mtflux.bench.session;

import io.mtflux.bench.LatencyRecorder;
import io.mtflux.bench.transport.EchoLoad;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.DcOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.RsaPrivateKey;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.tl.api.NearestDc;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import io.mtflux.testkit.server.MtprotoServer;
import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.FrameServer;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.framing.Framing;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Full MTProto RPC rate against the raw transport echo rate, in one run: C concurrent callers of
 * {@code help.getNearestDc} over one client connection to an in-JVM testkit server (encrypted, with session
 * bookkeeping), then one raw transport connection echoing C records in flight of the size of an encrypted RPC
 * packet, twice: unbatched (one packet per record, each reply answered at once) and batched (the records one
 * socket read delivers answered together in one packet, as the RPC client flushes once per socket read and the
 * server answers a container in one packet; see {@link EchoLoad}). Prints calls/s, p50/p99 latency, the records
 * per echo packet, and the ratio RPC/echo against both baselines (issue bar: at least 0.5 at C = 100).
 *
 * <p>Run: {@code java -cp bench/target/mtflux-bench.jar io.mtflux.bench.session.RpcLoadHarness [C...]}
 * (default 1 100 1000).
 */
public final class RpcLoadHarness {
    /** An encrypted help.getNearestDc packet: 24-byte envelope + 32-byte header + body + padding. */
    private static final int PACKET_SIZE = 88;
    private static final Duration WARMUP = Duration.ofSeconds(2);
    private static final Duration RUN = Duration.ofSeconds(5);

    private RpcLoadHarness() {
    }

    public static void main(String[] args) {
        int[] callers = args.length == 0 ? new int[] {1, 100, 1000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        RsaPrivateKey key = RsaPrivateKey.generateForServer(2048, RandomSource.secure());
        MtprotoServer server = MtprotoServer.builder().dcId(2).rsaKey(key)
            .handler((ctx, q) -> q instanceof HelpGetNearestDc ? Mono.just(new NearestDc("ZZ", 2, 2))
                : Mono.error(RpcException.of(400, "METHOD_INVALID")))
            .build().start().block();
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
            .apiId(1).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(DcOptions.of(List.of(DcEndpoint.of(2, "127.0.0.1", server.port())),
                RsaKeyRing.of(key.publicKey()), 2)).build());
        client.connect().block();
        FrameServer echo = MtprotoTransport.server().handle(c -> c.send(c.receive())).bind().block();

        System.out.printf("%-8s %12s %15s | %12s %15s | %12s %15s %8s | %7s %7s%n", "callers", "rpc calls/s",
            "p50/p99 us", "echo rec/s", "p50/p99 us", "batched rec/s", "p50/p99 us", "rec/pkt", "ratio", "ratio b");
        for (int c : callers) {
            Result rpc = measure(c, () -> client.invoke(new HelpGetNearestDc()).then());
            Result raw = echo(echo.port(), c, false);
            Result batched = echo(echo.port(), c, true);
            System.out.printf("%-8d %12.0f %15s | %12.0f %15s | %12.0f %15s %8.1f | %7.2f %7.2f%n", c, rpc.rate,
                rpc.p50 + "/" + rpc.p99, raw.rate, raw.p50 + "/" + raw.p99, batched.rate,
                batched.p50 + "/" + batched.p99, batched.perPacket, rpc.rate / raw.rate, rpc.rate / batched.rate);
        }
        System.out.println("ratio: RPC / unbatched echo; ratio b: RPC / batched echo");
        client.close().block();
        server.stop().block();
        echo.dispose();
    }

    private record Result(double rate, long p50, long p99, double perPacket) {
        static Result of(LatencyRecorder recorder, double perPacket) {
            return new Result(recorder.rate(), recorder.percentileMicros(0.5), recorder.percentileMicros(0.99),
                perPacket);
        }
    }

    /** C loops, each invoking again as soon as its call completes. */
    private static Result measure(int concurrency, java.util.function.Supplier<Mono<Void>> call) {
        LatencyRecorder recorder = new LatencyRecorder(WARMUP, RUN);
        Flux.range(0, concurrency).flatMap(i -> Mono.defer(() -> {
            long t0 = System.nanoTime();
            return call.get().then(Mono.fromRunnable(() -> recorder.record(t0)));
        }).repeat(recorder::running), concurrency).blockLast();
        return Result.of(recorder, 1);
    }

    /** One connection with C records of the RPC packet size in flight, unbatched or batched. */
    private static Result echo(int port, int window, boolean batched) {
        FrameConnection conn = MtprotoTransport.tcp().host("127.0.0.1").port(port)
            .framing(Framing.INTERMEDIATE).connect().block();
        LatencyRecorder recorder = new LatencyRecorder(WARMUP, RUN);
        EchoLoad.Counts sent = new EchoLoad.Counts();
        (batched ? EchoLoad.batched(conn, recorder, sent, window, PACKET_SIZE)
            : EchoLoad.unbatched(conn, recorder, sent, window, PACKET_SIZE)).block();
        conn.dispose();
        return Result.of(recorder, sent.recordsPerPacket());
    }
}
