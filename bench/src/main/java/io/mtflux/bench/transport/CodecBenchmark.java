package io.mtflux.bench.transport;

import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.framing.Side;
import io.mtflux.transport.obfuscation.ObfuscatedHeader;
import io.mtflux.transport.obfuscation.ObfuscationHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Transport codec throughput: one packet encoded by the client side (framing, then obfuscated2 when on) and
 * decoded by the server side, on {@link EmbeddedChannel}s (no sockets). MB/s = ops/s x size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    /** Framing, with "+obf" for obfuscated2 around it. */
    @Param({"abridged", "abridged+obf", "intermediate", "intermediate+obf", "padded", "padded+obf", "full"})
    public String transport;

    /** Packet size in bytes. */
    @Param({"1024", "65536"})
    public int size;

    private EmbeddedChannel client;
    private EmbeddedChannel server;
    private ByteBuf packet;

    @Setup(Level.Trial)
    public void setUp() {
        boolean obf = transport.endsWith("+obf");
        Framing framing = Framing.named(transport.replace("+obf", ""));
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        packet = Unpooled.unreleasableBuffer(Unpooled.directBuffer(size).writeBytes(bytes));
        if (obf) {
            ObfuscatedHeader header = ObfuscatedHeader.client(framing, 2, null);
            ObfuscatedHeader accepted = ObfuscatedHeader.server(header.wireBytes(), null, true);
            client = new EmbeddedChannel(ObfuscationHandler.client(header), framing.newEncoder(Side.CLIENT, false));
            server = new EmbeddedChannel(ObfuscationHandler.server(accepted),
                framing.newDecoder(Side.SERVER, Framing.DEFAULT_MAX_FRAME_LENGTH));
            // The first write carries the 64-byte header, which the server side has already consumed.
            client.writeOutbound(packet.retainedDuplicate());
            ByteBuf head = client.readOutbound();
            head.release();
            pump();
        } else {
            client = new EmbeddedChannel(framing.newEncoder(Side.CLIENT, false));
            server = new EmbeddedChannel(framing.newDecoder(Side.SERVER, Framing.DEFAULT_MAX_FRAME_LENGTH));
        }
        client.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        server.config().setAllocator(PooledByteBufAllocator.DEFAULT);
    }

    private int pump() {
        int decoded = 0;
        ByteBuf wire;
        while ((wire = client.readOutbound()) != null) {
            server.writeInbound(wire);
        }
        ByteBuf out;
        while ((out = server.readInbound()) != null) {
            decoded += out.readableBytes();
            out.release();
        }
        return decoded;
    }

    /**
     * Encode and decode one packet.
     *
     * @return decoded bytes (consumed by JMH)
     */
    @Benchmark
    public int encodeDecode() {
        client.writeOutbound(packet.duplicate());
        return pump();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }
}
