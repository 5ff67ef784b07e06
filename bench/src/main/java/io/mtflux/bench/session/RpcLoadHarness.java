package io.mtflux.bench.session;

import io.mtflux.bench.LatencyRecorder;
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
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Full MTProto RPC rate against the raw transport echo rate, in one run: C concurrent callers of
 * {@code help.getNearestDc} over one client connection to an in-JVM testkit server (encrypted, with session
 * bookkeeping), then one raw transport connection echoing C packets in flight of the same size as an encrypted
 * RPC packet. Prints calls/s, p50/p99 latency, and the ratio RPC/echo (issue bar: at least 0.5 at C = 100).
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

        System.out.printf("%-8s %14s %10s %10s %14s %10s %10s %8s%n", "callers", "rpc calls/s", "p50 us", "p99 us",
            "echo pkts/s", "p50 us", "p99 us", "ratio");
        for (int c : callers) {
            Result rpc = measure(c, () -> client.invoke(new HelpGetNearestDc()).then());
            FrameConnection conn = MtprotoTransport.tcp().host("127.0.0.1").port(echo.port())
                .framing(Framing.INTERMEDIATE).connect().block();
            Result raw = echo(conn, c);
            conn.dispose();
            System.out.printf("%-8d %14.0f %10d %10d %14.0f %10d %10d %8.2f%n", c, rpc.rate, rpc.p50, rpc.p99,
                raw.rate, raw.p50, raw.p99, rpc.rate / raw.rate);
        }
        client.close().block();
        server.stop().block();
        echo.dispose();
    }

    private record Result(double rate, long p50, long p99) {
        static Result of(LatencyRecorder recorder) {
            return new Result(recorder.rate(), recorder.percentileMicros(0.5), recorder.percentileMicros(0.99));
        }
    }

    /** C loops, each invoking again as soon as its call completes. */
    private static Result measure(int concurrency, java.util.function.Supplier<Mono<Void>> call) {
        LatencyRecorder recorder = new LatencyRecorder(WARMUP, RUN);
        Flux.range(0, concurrency).flatMap(i -> Mono.defer(() -> {
            long t0 = System.nanoTime();
            return call.get().then(Mono.fromRunnable(() -> recorder.record(t0)));
        }).repeat(recorder::running), concurrency).blockLast();
        return Result.of(recorder);
    }

    /** One connection with C packets of the RPC packet size in flight, each echoed and sent again. */
    private static Result echo(FrameConnection conn, int window) {
        LatencyRecorder recorder = new LatencyRecorder(WARMUP, RUN);
        Flux<ByteBuf> replies = conn.receive();
        conn.send(Flux.range(0, window).map(i -> stamped())).then(replies
            .takeWhile(b -> recorder.running())
            .concatMap(reply -> {
                long sent = reply.getLong(reply.readerIndex());
                reply.release();
                recorder.record(sent);
                return conn.send(Mono.fromSupplier(RpcLoadHarness::stamped));
            }, 0)
            .doOnDiscard(ByteBuf.class, ByteBuf::release)
            .then()).block();
        return Result.of(recorder);
    }

    private static ByteBuf stamped() {
        ByteBuf buf = Unpooled.buffer(PACKET_SIZE);
        buf.writeLong(System.nanoTime());
        buf.writeZero(PACKET_SIZE - 8);
        return buf;
    }
}
