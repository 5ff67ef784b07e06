package io.mtflux.bench.transport;

import io.mtflux.bench.LatencyRecorder;
import io.mtflux.transport.FrameConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One client connection against an echo server ({@code c.send(c.receive())}) keeping a window of records in
 * flight, each record {@code size} bytes stamped with its send time. Two ways to send:
 * <ul>
 *   <li>{@link #unbatched}: one packet per record, and each echoed packet is answered at once with a new one
 *       (one packet per completion, as an RPC client without batching would send);</li>
 *   <li>{@link #batched}: what the RPC path does since it flushes once per socket read: the records of all the
 *       packets delivered by one socket read are answered together, in one packet of that many records, sent
 *       from a task on the connection's event loop ({@link FrameConnection#executor()}), which runs after the
 *       frames of the current read. The echo server answers each packet with one packet, as the testkit server
 *       answers a container.</li>
 * </ul>
 * Both count completed records (round trips), so their rates compare with RPC calls/s.
 */
public final class EchoLoad {

    private EchoLoad() {
    }

    /** Packets and records the client sent (warm-up included): their ratio is the batch size. */
    public static final class Counts {
        private final AtomicLong packets = new AtomicLong();
        private final AtomicLong records = new AtomicLong();

        /** Creates zero counts. */
        public Counts() {
        }

        void sent(int n) {
            packets.incrementAndGet();
            records.addAndGet(n);
        }

        /** Records per client packet, on average. */
        public double recordsPerPacket() {
            long p = packets.get();
            return p == 0 ? 0 : (double) records.get() / p;
        }
    }

    /**
     * One packet per record; each reply is answered with a new packet at once.
     *
     * @param conn a connected client
     * @param recorder the measuring window (shared when several connections run together)
     * @param counts counts the packets sent
     * @param window records in flight
     * @param size bytes per record (and packet)
     * @return completes when the window closed
     */
    public static Mono<Void> unbatched(FrameConnection conn, LatencyRecorder recorder, Counts counts, int window,
                                       int size) {
        return Mono.defer(() -> {
            Flux<ByteBuf> replies = conn.receive();
            return conn.send(Flux.range(0, window).map(i -> {
                counts.sent(1);
                return stamped(1, size);
            })).thenMany(replies
                .takeWhile(b -> recorder.running())
                .concatMap(reply -> {
                    long sent = reply.getLong(reply.readerIndex());
                    reply.release();
                    recorder.record(sent);
                    counts.sent(1);
                    return conn.send(Mono.fromSupplier(() -> stamped(1, size)));
                }, 0))
                // takeWhile discards the reply that ends the run: release it
                .doOnDiscard(ByteBuf.class, ByteBuf::release)
                .then();
        });
    }

    /**
     * The records of the packets one socket read delivers are answered in one packet, from a task on the
     * connection's event loop.
     *
     * @param conn a connected client
     * @param recorder the measuring window
     * @param counts counts the packets sent and their records
     * @param window records in flight (sent as one packet each at the start)
     * @param size bytes per record
     * @return completes when the window closed
     */
    public static Mono<Void> batched(FrameConnection conn, LatencyRecorder recorder, Counts counts, int window,
                                     int size) {
        return Mono.defer(() -> {
            Batcher batcher = new Batcher(conn, recorder, counts, size);
            Flux<ByteBuf> replies = conn.receive();
            // starts as C callers would, one packet each; the batching per socket read then does what it does
            return conn.send(Flux.range(0, window).map(i -> {
                counts.sent(1);
                return stamped(1, size);
            })).thenMany(replies
                .takeWhile(b -> recorder.running())
                .doOnNext(batcher::onReply))
                .doOnDiscard(ByteBuf.class, ByteBuf::release)
                .then();
        });
    }

    /** Gathers the records of one socket read; only ever touched on the connection's event loop. */
    private static final class Batcher {
        private final FrameConnection conn;
        private final LatencyRecorder recorder;
        private final Counts counts;
        private final int size;
        private final Runnable flush = this::flush;
        private int pending;
        private boolean scheduled;

        Batcher(FrameConnection conn, LatencyRecorder recorder, Counts counts, int size) {
            this.conn = conn;
            this.recorder = recorder;
            this.counts = counts;
            this.size = size;
        }

        void onReply(ByteBuf reply) {
            int records = reply.readableBytes() / size;
            for (int i = 0; i < records; i++) {
                recorder.record(reply.getLong(reply.readerIndex() + i * size));
            }
            reply.release();
            pending += records;
            if (!scheduled) {
                scheduled = true;
                conn.executor().execute(flush);
            }
        }

        private void flush() {
            scheduled = false;
            int n = pending;
            pending = 0;
            // sent even after the window closed: its echo is what ends the receiving side
            if (n > 0) {
                counts.sent(n);
                conn.send(Mono.just(stamped(n, size))).subscribe(null, e -> { });
            }
        }
    }

    /** {@code records} records of {@code size} bytes, each starting with the send time. */
    static ByteBuf stamped(int records, int size) {
        ByteBuf buf = Unpooled.buffer(records * size);
        long now = System.nanoTime();
        for (int i = 0; i < records; i++) {
            buf.writeLong(now).writeZero(size - 8);
        }
        return buf;
    }
}
