package io.mtflux.testkit;

import io.mtflux.core.client.DcOptions;
import io.mtflux.core.store.DcEndpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * A TCP proxy for tests, placed between a client and a DC (a {@link TestCluster} DC, a lone
 * {@code MtprotoServer}, anything that speaks TCP), that makes the faults real networks make. Every behaviour can be
 * switched on, changed or off while connections run, and applies to both directions:
 *
 * <ul>
 *   <li>{@link #latency(Duration)}: every chunk of bytes is held this long before it is passed on (order kept);</li>
 *   <li>{@link #bandwidth(long)}: at most so many bytes a second per direction and connection;</li>
 *   <li>{@link #split(int)}: every chunk is written in pieces of at most so many bytes, each flushed on its own;</li>
 *   <li>{@link #coalesce(Duration)}: what arrives within a window is held and written as one;</li>
 *   <li>{@link #cutAfter(int)}: the next frame is cut: the connection is closed after that many bytes of it;</li>
 *   <li>{@link #blackHole()}: the open connections swallow everything from now on and are never closed by the
 *       proxy (a half-open connection: no FIN or RST reaches the client).</li>
 * </ul>
 *
 * <p>{@link #stats()} tells what really happened (bytes, pieces, coalesced writes, cuts and where they fell, the
 * latency added), so a test can check the fault took place. Frames are known for the unobfuscated intermediate,
 * padded intermediate and abridged framings (mtflux's default is intermediate); with other bytes
 * {@link #cutAfter(int)} counts from the first chunk after it was called.
 *
 * <p>Non-blocking: one Netty event loop of its own carries every connection, both sides of a connection on the same
 * thread. {@link #stop()} closes it.
 *
 * <pre>{@code
 * FaultProxy proxy = FaultProxy.builder().target("127.0.0.1", cluster.dc(2).port()).build().start().block();
 * DcOptions viaProxy = proxy.reroute(cluster.dcOptions(), 2);   // DC 2 through the proxy
 * proxy.latency(Duration.ofMillis(50)).split(7);
 * proxy.cutAfter(10);              // the next frame to the DC is cut 10 bytes in
 * proxy.stats().cuts();            // where it was cut
 * proxy.stop().block();
 * }</pre>
 */
public final class FaultProxy {
    /** Chunks queued in one direction beyond this many bytes stop reading from the sender until they drain. */
    private static final int HIGH_WATER = 1 << 20;

    /** The direction bytes travel through the proxy. */
    public enum Direction {
        /** From the client to the target (the DC). */
        TO_SERVER,
        /** From the target (the DC) to the client. */
        TO_CLIENT
    }

    /**
     * One connection cut in the middle of a frame by {@link #cutAfter(Direction, int)}.
     *
     * @param direction the direction whose frame was cut
     * @param framed whether the proxy knew the frames (an unobfuscated intermediate or abridged connection)
     * @param frameLength the frame's whole length in bytes (its length prefix included), or -1 when unknown (bytes
     *     the proxy cannot frame, or a cut inside the length prefix)
     * @param bytesPassed how many bytes of the frame (or, unframed, of the chunk) were passed on before the cut
     */
    public record Cut(Direction direction, boolean framed, long frameLength, long bytesPassed) {
        /** {@return whether the cut fell strictly inside a known frame: some of it passed, not all} */
        public boolean midFrame() {
            return framed && bytesPassed > 0 && (frameLength < 0 || bytesPassed < frameLength);
        }
    }

    /**
     * What the proxy did since it started (or since {@link #resetStats()}).
     *
     * @param connections connections accepted
     * @param bytesToServer bytes passed from clients to the target
     * @param bytesToClient bytes passed from the target to clients
     * @param chunksRead chunks of bytes read from either side
     * @param writes writes to either side (a split chunk counts once per piece)
     * @param splitPieces writes that carried a piece of a split chunk
     * @param coalescedWrites writes that carried two chunks or more
     * @param coalescedChunks chunks that went out in such writes
     * @param throttledChunks chunks that waited for bandwidth
     * @param delayedChunks chunks held for latency
     * @param minHold the shortest time a delayed chunk was held (zero when none was)
     * @param maxHold the longest time any chunk was held
     * @param cuts the connections cut mid-frame (an unmodifiable copy)
     * @param blackHoled connections black-holed
     * @param swallowedBytes bytes black-holed connections swallowed
     */
    public record Stats(int connections, long bytesToServer, long bytesToClient, long chunksRead, long writes,
                        long splitPieces, long coalescedWrites, long coalescedChunks, long throttledChunks,
                        long delayedChunks, Duration minHold, Duration maxHold, List<Cut> cuts, int blackHoled,
                        long swallowedBytes) {
    }

    private final String host;
    private final int requestedPort;
    private final String targetHost;
    private final int targetPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();

    // switches, read on the event loop
    private volatile long latencyNanos;
    private volatile long bytesPerSecond;
    private volatile int splitSize;
    private volatile long coalesceNanos;
    private final AtomicReference<CutRequest> cut = new AtomicReference<>();

    // stats
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bytesToServer = new AtomicLong();
    private final AtomicLong bytesToClient = new AtomicLong();
    private final AtomicLong chunksRead = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong splitPieces = new AtomicLong();
    private final AtomicLong coalescedWrites = new AtomicLong();
    private final AtomicLong coalescedChunks = new AtomicLong();
    private final AtomicLong throttledChunks = new AtomicLong();
    private final AtomicLong delayedChunks = new AtomicLong();
    private final AtomicLong minHoldNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong maxHoldNanos = new AtomicLong();
    private final List<Cut> cuts = new CopyOnWriteArrayList<>();
    private final AtomicInteger blackHoled = new AtomicInteger();
    private final AtomicLong swallowedBytes = new AtomicLong();

    private volatile EventLoopGroup group;
    private volatile Channel listener;
    private volatile int boundPort;

    private record CutRequest(Direction direction, int bytes) {
    }

    private FaultProxy(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.targetHost = Objects.requireNonNull(b.targetHost, "target");
        this.targetPort = b.targetPort;
    }

    /** {@return a builder; the target is required} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the listener; completes with this proxy once it accepts connections.
     *
     * @return this proxy, listening
     */
    public Mono<FaultProxy> start() {
        return Mono.defer(() -> {
            if (group != null) {
                return Mono.error(new IllegalStateException("the proxy is already started"));
            }
            EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("mtflux-fault-proxy", true), NioIoHandler.newFactory());
            group = loops;
            ServerBootstrap bootstrap = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accept(ch);
                    }
                });
            return Mono.<FaultProxy>create(sink -> bootstrap.bind(host, requestedPort).addListener(
                (ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        listener = f.channel();
                        boundPort = ((InetSocketAddress) f.channel().localAddress()).getPort();
                        sink.success(this);
                    } else {
                        loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
                        group = null;
                        sink.error(f.cause());
                    }
                }));
        });
    }

    /**
     * Closes the listener and every connection and stops the event loop; completes once it has stopped.
     *
     * @return completes when stopped
     */
    public Mono<Void> stop() {
        return Mono.defer(() -> {
            EventLoopGroup loops = group;
            if (loops == null) {
                return Mono.empty();
            }
            group = null;
            Channel l = listener;
            if (l != null) {
                l.close();
            }
            dropConnections();
            return Mono.create(sink -> loops.shutdownGracefully(0, 1, TimeUnit.SECONDS)
                .addListener(f -> sink.success()));
        });
    }

    /** {@return the port it listens on (after {@link #start()})} */
    public int port() {
        return boundPort;
    }

    /** {@return the address it listens on} */
    public String host() {
        return host;
    }

    /**
     * {@code options} with every endpoint of DC {@code dcId} replaced by this proxy's address, e.g.
     * {@code proxy.reroute(cluster.dcOptions(), 2)}: a client's connections to that DC then go through the proxy.
     * A client's connection keeps the address it was made with; addresses learned later from {@code help.getConfig}
     * (the cluster announces its real ports) go in front for connections made afterwards (other DCs, or a session
     * restored with them), so start from a fresh session.
     *
     * @param options the DC options to start from
     * @param dcId the DC to reach through this proxy
     * @return the rerouted options
     * @throws IllegalStateException when the proxy is not started
     */
    public DcOptions reroute(DcOptions options, int dcId) {
        if (boundPort == 0) {
            throw new IllegalStateException("start the proxy before rerouting a DC through it");
        }
        List<DcEndpoint> endpoints = new ArrayList<>();
        boolean found = false;
        for (DcEndpoint e : options.endpoints()) {
            if (e.dcId() == dcId) {
                if (!found) {
                    endpoints.add(DcEndpoint.of(dcId, host, boundPort));
                    found = true;
                }
            } else {
                endpoints.add(e);
            }
        }
        if (!found) {
            endpoints.add(DcEndpoint.of(dcId, host, boundPort));
        }
        return new DcOptions(endpoints, options.rsaKeys(), options.testMode(), options.defaultDc());
    }

    // ------------------------------------------------------------------ switches

    /**
     * Holds every chunk of bytes this long, in both directions, before it is passed on (zero: none). The order of
     * the bytes is kept: lowering the latency does not let later bytes overtake earlier ones.
     *
     * @param value the added one-way latency
     * @return this proxy
     */
    public FaultProxy latency(Duration value) {
        latencyNanos = nonNegative(value, "latency").toNanos();
        return this;
    }

    /**
     * Passes at most this many bytes a second, per direction of each connection (0: unlimited).
     *
     * @param value bytes per second, or 0
     * @return this proxy
     */
    public FaultProxy bandwidth(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("bandwidth must be >= 0, got " + value);
        }
        bytesPerSecond = value;
        return this;
    }

    /**
     * Writes every chunk in pieces of at most this many bytes, each flushed on its own, so that a frame (even its
     * length prefix) reaches the other side in parts (0: whole chunks).
     *
     * @param pieceSize the largest piece in bytes, or 0
     * @return this proxy
     */
    public FaultProxy split(int pieceSize) {
        if (pieceSize < 0) {
            throw new IllegalArgumentException("pieceSize must be >= 0, got " + pieceSize);
        }
        splitSize = pieceSize;
        return this;
    }

    /**
     * Holds what arrives within this window and writes it as one (zero: write chunks as they come), so several
     * packets reach the other side in one read.
     *
     * @param window how long to gather chunks
     * @return this proxy
     */
    public FaultProxy coalesce(Duration window) {
        coalesceNanos = nonNegative(window, "window").toNanos();
        return this;
    }

    /**
     * Cuts the next frame that goes to the DC: once {@code bytes} bytes of it (its length prefix included) have
     * passed, the proxy closes both sides of that connection, so the DC sees a connection end inside a frame. One
     * cut per call; {@link Stats#cuts()} records it.
     *
     * @param bytes how many bytes of the frame pass, at least 1
     * @return this proxy
     */
    public FaultProxy cutAfter(int bytes) {
        return cutAfter(Direction.TO_SERVER, bytes);
    }

    /**
     * Cuts the next frame that travels in {@code direction} once {@code bytes} bytes of it have passed (see
     * {@link #cutAfter(int)}). Frames shorter than that are let through whole; with bytes the proxy cannot frame,
     * the cut comes {@code bytes} bytes into the next chunk.
     *
     * @param direction which way the cut frame travels
     * @param bytes how many bytes of the frame pass, at least 1
     * @return this proxy
     */
    public FaultProxy cutAfter(Direction direction, int bytes) {
        Objects.requireNonNull(direction, "direction");
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes must be >= 1, got " + bytes);
        }
        cut.set(new CutRequest(direction, bytes));
        return this;
    }

    /**
     * Black-holes every open connection: from now on it swallows everything in both directions and the proxy never
     * closes its client side (not even when the DC closes its side), as when the server's side vanished without a
     * FIN or RST. Only the client's keepalive can notice. New connections are passed as usual.
     *
     * @return how many connections were black-holed
     */
    public int blackHole() {
        int count = 0;
        for (Link link : List.copyOf(links)) {
            if (link.blackHole()) {
                count++;
            }
        }
        blackHoled.addAndGet(count);
        return count;
    }

    /** Closes every open connection, both sides (black-holed ones included). */
    public void dropConnections() {
        for (Link link : List.copyOf(links)) {
            link.closeBoth();
        }
    }

    /**
     * Switches every behaviour off (latency, bandwidth, split, coalesce, a pending cut). Black-holed connections
     * stay so; {@link #dropConnections()} ends them.
     *
     * @return this proxy
     */
    public FaultProxy reset() {
        latencyNanos = 0;
        bytesPerSecond = 0;
        splitSize = 0;
        coalesceNanos = 0;
        cut.set(null);
        return this;
    }

    /** {@return whether a cut asked with {@link #cutAfter(Direction, int)} still waits for its frame} */
    public boolean cutPending() {
        return cut.get() != null;
    }

    /** {@return how many connections are open now} */
    public int openConnections() {
        return links.size();
    }

    /** {@return what the proxy did since it started or since {@link #resetStats()}} */
    public Stats stats() {
        long min = minHoldNanos.get();
        return new Stats(connections.get(), bytesToServer.get(), bytesToClient.get(), chunksRead.get(), writes.get(),
            splitPieces.get(), coalescedWrites.get(), coalescedChunks.get(), throttledChunks.get(),
            delayedChunks.get(), Duration.ofNanos(min == Long.MAX_VALUE ? 0 : min),
            Duration.ofNanos(maxHoldNanos.get()), List.copyOf(cuts), blackHoled.get(), swallowedBytes.get());
    }

    /**
     * Starts the counters of {@link #stats()} again.
     *
     * @return this proxy
     */
    public FaultProxy resetStats() {
        for (AtomicLong counter : List.of(bytesToServer, bytesToClient, chunksRead, writes, splitPieces,
            coalescedWrites, coalescedChunks, throttledChunks, delayedChunks, maxHoldNanos, swallowedBytes)) {
            counter.set(0);
        }
        minHoldNanos.set(Long.MAX_VALUE);
        connections.set(0);
        blackHoled.set(0);
        cuts.clear();
        return this;
    }

    @Override
    public String toString() {
        return "FaultProxy[" + host + ":" + boundPort + " -> " + targetHost + ":" + targetPort + "]";
    }

    private static Duration nonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
        return value;
    }

    // ------------------------------------------------------------------ connections

    private void accept(SocketChannel client) {
        connections.incrementAndGet();
        Link link = new Link(client);
        links.add(link);
        client.closeFuture().addListener(f -> link.clientClosed());
        client.pipeline().addLast(new Reader(link, Direction.TO_SERVER));
        Bootstrap upstream = new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, false)
            .handler(new Reader(link, Direction.TO_CLIENT));
        upstream.connect(targetHost, targetPort).addListener((ChannelFutureListener) f -> link.connected(f));
    }

    /** Reads one side and hands the chunks to the link. */
    private final class Reader extends ChannelInboundHandlerAdapter {
        private final Link link;
        private final Direction direction;

        Reader(Link link, Direction direction) {
            this.link = link;
            this.direction = direction;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            link.read(direction, (ByteBuf) msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            link.readComplete(direction);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** One proxied connection: the client's channel and the target's, on one event loop. */
    private final class Link {
        private final Channel client;
        private volatile Channel server;
        private final Pipe toServer;
        private final Pipe toClient;
        private final ProxyFrames clientFrames = new ProxyFrames(true);
        private final ProxyFrames serverFrames = new ProxyFrames(false);
        private volatile boolean silent;
        private volatile boolean closed;

        Link(Channel client) {
            this.client = client;
            this.toServer = new Pipe(this, Direction.TO_SERVER);
            this.toClient = new Pipe(this, Direction.TO_CLIENT);
        }

        void connected(ChannelFuture f) {
            if (!f.isSuccess() || closed) {
                f.channel().close();
                closeBoth();
                return;
            }
            server = f.channel();
            server.closeFuture().addListener(x -> serverClosed());
            client.read();
            server.read();
        }

        Channel source(Direction direction) {
            return direction == Direction.TO_SERVER ? client : server;
        }

        Channel sink(Direction direction) {
            return direction == Direction.TO_SERVER ? server : client;
        }

        void read(Direction direction, ByteBuf chunk) {
            chunksRead.incrementAndGet();
            if (silent || closed) {
                swallowedBytes.addAndGet(chunk.readableBytes());
                chunk.release();
                return;
            }
            ProxyFrames frames = direction == Direction.TO_SERVER ? clientFrames : serverFrames;
            if (direction == Direction.TO_CLIENT) {
                frames.follow(clientFrames);
            }
            CutRequest request = cut.get();
            boolean armed = request != null && request.direction() == direction;
            long[] frameLength = {-1};
            // always scanned: the frames are followed even when no cut is asked for
            int cutAt = frames.scan(chunk, armed ? request.bytes() : 0, armed, frameLength);
            boolean framed = frames.framed();
            if (armed && !framed && request.bytes() < chunk.readableBytes()) {
                cutAt = request.bytes(); // bytes the proxy cannot frame: cut into this chunk
            }
            if (cutAt >= 0 && armed && cut.compareAndSet(request, null)) {
                cuts.add(new Cut(direction, framed, framed ? frameLength[0] : -1, cutAt >= 0 && framed
                    ? request.bytes() : cutAt));
                ByteBuf head = chunk.readRetainedSlice(cutAt);
                chunk.release();
                Pipe pipe = pipe(direction);
                pipe.offer(head);
                pipe.closeAfterDrain();
                Channel from = source(direction);
                if (from != null) {
                    from.close();
                }
                return;
            }
            pipe(direction).offer(chunk);
        }

        void readComplete(Direction direction) {
            Channel from = source(direction);
            if (from != null && !closed && pipe(direction).acceptsMore()) {
                from.read();
            }
        }

        Pipe pipe(Direction direction) {
            return direction == Direction.TO_SERVER ? toServer : toClient;
        }

        /** Turns silent for good; the pipes drop what they hold. */
        boolean blackHole() {
            if (silent || closed) {
                return false;
            }
            silent = true;
            client.eventLoop().execute(() -> {
                toServer.discard();
                toClient.discard();
                // keep reading both sides so that nothing pushes back: the bytes vanish
                client.read();
                if (server != null) {
                    server.read();
                }
            });
            return true;
        }

        void clientClosed() {
            closed = true;
            links.remove(this);
            toClient.discard();
            if (server != null) {
                if (silent) {
                    server.close();
                } else {
                    toServer.closeAfterDrain();
                }
            }
        }

        void serverClosed() {
            if (silent) {
                // the DC's side is gone; the client hears nothing of it (half-open)
                return;
            }
            toServer.discard();
            toClient.closeAfterDrain();
        }

        void closeBoth() {
            closed = true;
            links.remove(this);
            client.close();
            if (server != null) {
                server.close();
            }
        }
    }

    /** The bytes of one direction of a link: held for latency, bandwidth or coalescing, then written. */
    private final class Pipe {
        private final Link link;
        private final Direction direction;
        private final ArrayDeque<Held> queue = new ArrayDeque<>();
        private long queuedBytes;
        /** The earliest time the next chunk may go (keeps the order, and the bandwidth). */
        private long nextFree;
        /** When the current coalescing window ends (0: no window open). */
        private long windowEnd;
        private boolean drainScheduled;
        private boolean closeAfterDrain;

        private record Held(ByteBuf bytes, long arrived, long due, boolean delayed) {
        }

        Pipe(Link link, Direction direction) {
            this.link = link;
            this.direction = direction;
        }

        boolean acceptsMore() {
            return queuedBytes < HIGH_WATER;
        }

        void offer(ByteBuf chunk) {
            long now = System.nanoTime();
            int size = chunk.readableBytes();
            long due = now + latencyNanos;
            boolean delayed = latencyNanos > 0;
            if (due < nextFree) {
                if (bytesPerSecond > 0 && nextFree > now) {
                    throttledChunks.incrementAndGet();
                }
                due = nextFree;
            }
            long rate = bytesPerSecond;
            nextFree = rate > 0 ? due + size * 1_000_000_000L / rate : due;
            long window = coalesceNanos;
            if (window > 0) {
                if (windowEnd == 0 || windowEnd < now) {
                    windowEnd = now + window;
                }
                due = Math.max(due, windowEnd);
            }
            queue.add(new Held(chunk, now, due, delayed));
            queuedBytes += size;
            drain();
        }

        void closeAfterDrain() {
            closeAfterDrain = true;
            drain();
        }

        void discard() {
            Held held;
            while ((held = queue.poll()) != null) {
                swallowedBytes.addAndGet(held.bytes().readableBytes());
                ReferenceCountUtil.release(held.bytes());
            }
            queuedBytes = 0;
            closeAfterDrain = false;
        }

        private void drain() {
            Channel out = link.sink(direction);
            if (out == null) {
                return; // the target is not connected yet: what came waits
            }
            long now = System.nanoTime();
            List<Held> due = new ArrayList<>();
            while (!queue.isEmpty() && queue.peek().due() <= now) {
                Held held = queue.poll();
                queuedBytes -= held.bytes().readableBytes();
                due.add(held);
            }
            if (!due.isEmpty()) {
                write(out, due, now);
                if (queue.isEmpty()) {
                    windowEnd = 0;
                }
                Channel from = link.source(direction);
                if (from != null && acceptsMore() && !link.closed) {
                    from.read();
                }
            }
            if (!queue.isEmpty()) {
                if (!drainScheduled) {
                    drainScheduled = true;
                    long wait = Math.max(0, queue.peek().due() - now);
                    out.eventLoop().schedule(() -> {
                        drainScheduled = false;
                        drain();
                    }, wait, TimeUnit.NANOSECONDS);
                }
            } else if (closeAfterDrain) {
                out.writeAndFlush(out.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private void write(Channel out, List<Held> due, long now) {
            for (Held held : due) {
                long hold = now - held.arrived();
                if (held.delayed()) {
                    delayedChunks.incrementAndGet();
                    minHoldNanos.accumulateAndGet(hold, Math::min);
                }
                maxHoldNanos.accumulateAndGet(hold, Math::max);
                (direction == Direction.TO_SERVER ? bytesToServer : bytesToClient)
                    .addAndGet(held.bytes().readableBytes());
            }
            ByteBuf bytes;
            if (due.size() > 1 && coalesceNanos > 0) {
                CompositeByteBuf all = out.alloc().compositeBuffer(due.size());
                for (Held held : due) {
                    all.addComponent(true, held.bytes());
                }
                coalescedWrites.incrementAndGet();
                coalescedChunks.addAndGet(due.size());
                bytes = all;
                pieces(out, bytes);
                return;
            }
            for (Held held : due) {
                pieces(out, held.bytes());
            }
        }

        /** Writes {@code bytes} whole, or in flushed pieces of the split size. */
        private void pieces(Channel out, ByteBuf bytes) {
            int piece = splitSize;
            if (piece <= 0 || bytes.readableBytes() <= piece) {
                writes.incrementAndGet();
                out.writeAndFlush(bytes, out.voidPromise());
                return;
            }
            while (bytes.readableBytes() > 0) {
                ByteBuf part = bytes.readRetainedSlice(Math.min(piece, bytes.readableBytes()));
                writes.incrementAndGet();
                splitPieces.incrementAndGet();
                out.writeAndFlush(part, out.voidPromise());
            }
            bytes.release();
        }
    }

    /** Configures a {@link FaultProxy}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String targetHost;
        private int targetPort;

        private Builder() {
        }

        /**
         * Where the proxy forwards connections to (required), e.g. a DC's address.
         *
         * @param targetHostValue the target's host
         * @param targetPortValue the target's port
         * @return this
         */
        public Builder target(String targetHostValue, int targetPortValue) {
            if (targetPortValue < 1 || targetPortValue > 65535) {
                throw new IllegalArgumentException("target port " + targetPortValue + " is not in 1..65535");
            }
            this.targetHost = Objects.requireNonNull(targetHostValue, "targetHost");
            this.targetPort = targetPortValue;
            return this;
        }

        /**
         * The address to listen on (default {@code 127.0.0.1}).
         *
         * @param value an address or host name
         * @return this
         */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /**
         * The port to listen on; 0 (the default) picks a free one.
         *
         * @param value the port, or 0
         * @return this
         */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** {@return the proxy, not started} */
        public FaultProxy build() {
            if (targetHost == null) {
                throw new IllegalStateException("a FaultProxy needs a target");
            }
            return new FaultProxy(this);
        }
    }
}
