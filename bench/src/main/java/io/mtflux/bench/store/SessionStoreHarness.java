package io.mtflux.bench.store;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.store.DcAuth;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.store.StringSessionStore;
import io.mtflux.core.store.UpdateState;
import io.mtflux.core.store.codec.AuthKeyCipher;
import io.mtflux.core.store.codec.SessionCodec;
import io.mtflux.core.store.codec.StringSession;
import io.mtflux.store.file.Argon2Params;
import io.mtflux.store.file.FileSessionStore;
import io.mtflux.store.r2dbc.R2dbcSessionStore;
import io.mtflux.store.redis.RedisSessionStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Saves and loads per second of each session store with 1 and 64 concurrent accounts, the stored size of one
 * typical session, and, in the same run, a bare write + fsync + rename of the same bytes as the file store writes
 * (the file store's bar: a save rate within 2x of it).
 *
 * <p>Run: {@code java -cp bench/target/mtflux-bench.jar io.mtflux.bench.store.SessionStoreHarness [seconds] [dir]}
 * (default 5 s per figure, a fresh directory under the system temp directory). H2 (memory, file) always runs;
 * PostgreSQL and Redis run when {@code -Dmtflux.bench.postgres=r2dbc:postgresql://...} and
 * {@code -Dmtflux.bench.redis=redis://...} name a server.
 */
public final class SessionStoreHarness {
    private static final int BAR_ROUNDS = 6;

    private SessionStoreHarness() {
    }

    /** A typical user session: home DC 2 with a key, a media DC key on 4, 15 DC options, user, update state. */
    static SessionState typical() {
        List<DcEndpoint> options = new ArrayList<>();
        for (int dc = 1; dc <= 5; dc++) {
            options.add(DcEndpoint.of(dc, "149.154.167." + (50 + dc), 443));
            options.add(new DcEndpoint(dc, "2001:67c:4e8:f00" + dc + "::a", 443, false, true));
            options.add(new DcEndpoint(dc, "149.154.175." + (50 + dc), 443, true, false));
        }
        return SessionState.initial(2, options)
            .withDc(2, new DcAuth(AuthKey.of(RandomSource.secure().bytes(256)), Instant.now(), 0x1234_5678_9abcL, -2,
                true))
            .withDc(4, new DcAuth(AuthKey.of(RandomSource.secure().bytes(256)), Instant.now(), 0x42L, -2, true))
            .withUser(6_123_456_789L, false)
            .withUpdateState(new UpdateState(123_456, 12, 1_790_000_000, 77));
    }

    public static void main(String[] args) throws Exception {
        Duration run = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 5);
        Path root = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("mtflux-store-bench");
        Files.createDirectories(root);
        SessionState state = typical();
        System.out.printf("typical session: %d B binary, %d chars as a string session%n",
            SessionCodec.encode(state).length, StringSession.encode(state).length());
        try {
            List<Object[]> adapters = new ArrayList<>(List.of(
                new Object[] {"memory", (Supplier<SessionStore>) InMemorySessionStore::new},
                new Object[] {"string", (Supplier<SessionStore>) StringSessionStore::new},
                new Object[] {"file", (Supplier<SessionStore>) () ->
                    FileSessionStore.directory(root.resolve("plain")).build()},
                new Object[] {"file+aes", (Supplier<SessionStore>) () -> FileSessionStore.directory(root.resolve("aes"))
                    .passphrase("bench".toCharArray()).argon2(Argon2Params.DEFAULT).build()},
                new Object[] {"h2-mem", (Supplier<SessionStore>) () ->
                    R2dbcSessionStore.connect("r2dbc:h2:mem:///bench?options=DB_CLOSE_DELAY=-1").block()},
                new Object[] {"h2-file", (Supplier<SessionStore>) () ->
                    R2dbcSessionStore.connect("r2dbc:h2:file:///" + root.resolve("h2").resolve("sessions")
                        + "?options=WRITE_DELAY=0").block()}));
            // servers are not started here: pass their URLs to include them
            String postgres = System.getProperty("mtflux.bench.postgres");
            if (postgres != null) {
                adapters.add(new Object[] {"postgresql", (Supplier<SessionStore>) () ->
                    R2dbcSessionStore.connect(postgres).block()});
                adapters.add(new Object[] {"pg+aes", (Supplier<SessionStore>) () ->
                    R2dbcSessionStore.connect(postgres, AuthKeyCipher.of(new byte[32])).block()});
            }
            String redis = System.getProperty("mtflux.bench.redis");
            if (redis != null) {
                adapters.add(new Object[] {"redis", (Supplier<SessionStore>) () ->
                    RedisSessionStore.connect(redis).block()});
                adapters.add(new Object[] {"redis+aes", (Supplier<SessionStore>) () ->
                    RedisSessionStore.builder(redis).cipher(AuthKeyCipher.of(new byte[32])).connect().block()});
            }
            System.out.printf("%-10s %9s %12s %12s%n", "store", "accounts", "saves/s", "loads/s");
            for (Object[] a : adapters) {
                @SuppressWarnings("unchecked")
                Supplier<SessionStore> factory = (Supplier<SessionStore>) a[1];
                for (int accounts : new int[] {1, 64}) {
                    SessionStore store = factory.get();
                    double saves = saves(store, state, accounts, run);
                    double loads = loads(store, accounts, run);
                    System.out.printf("%-10s %9d %12.0f %12.0f%n", a[0], accounts, saves, loads);
                    close(store);
                }
            }
            Path file = FileSessionStore.directory(root.resolve("plain")).build().pathOf("bench-1-0");
            byte[] bytes = Files.readAllBytes(file);
            System.out.printf("file store: %d B on disk (plain), %d B (encrypted)%n", bytes.length,
                Files.size(FileSessionStore.directory(root.resolve("aes")).build().pathOf("bench-1-0")));
            // the bar, measured interleaved (bare, store, bare, store...) so that the load of a shared machine
            // weighs on both alike
            FileSessionStore store = FileSessionStore.directory(root.resolve("bar")).build();
            SessionState[] current = {store.save("bar", state).block()};
            Path bareDir = Files.createDirectories(root.resolve("bare"));
            long[] counts = new long[2];
            long[] nanos = new long[2];
            long n = 0;
            for (int round = 0; round < 2 * BAR_ROUNDS; round++) {
                int which = round % 2;
                long start = System.nanoTime();
                long end = start + run.toNanos() / BAR_ROUNDS;
                while (System.nanoTime() < end) {
                    if (which == 0) {
                        bareWrite(bareDir, bareDir.resolve("bare.session"), bytes, n++);
                    } else {
                        current[0] = store.save("bar", current[0]).block();
                    }
                    counts[which]++;
                }
                nanos[which] += System.nanoTime() - start;
            }
            double bare = counts[0] * 1e9 / nanos[0];
            double saves = counts[1] * 1e9 / nanos[1];
            System.out.printf("interleaved, 1 account: bare write+fsync+rename of the same %d B %.0f/s, file store "
                + "save %.0f/s = %.2fx of bare (bar: >= 0.5x)%n", bytes.length, bare, saves, saves / bare);
        } finally {
            if (args.length < 2) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static void close(SessionStore store) {
        if (store instanceof R2dbcSessionStore) {
            ((R2dbcSessionStore) store).close().block();
        } else if (store instanceof RedisSessionStore) {
            ((RedisSessionStore) store).close().block();
        }
    }

    private static double saves(SessionStore store, SessionState state, int accounts, Duration run) {
        AtomicReferenceArray<SessionState> current = new AtomicReferenceArray<>(accounts);
        // a store on a server may hold the accounts of an earlier run or adapter: start them over
        Flux.range(0, accounts).flatMap(i -> store.delete("bench-" + accounts + "-" + i), accounts).blockLast();
        Flux.range(0, accounts).flatMap(i -> store.save("bench-" + accounts + "-" + i, state)
            .doOnNext(s -> current.set(i, s)), accounts).blockLast();
        rate(store, accounts, Duration.ofSeconds(1), i -> store.save("bench-" + accounts + "-" + i, current.get(i))
            .doOnNext(s -> current.set(i, s)));
        return rate(store, accounts, run, i -> store.save("bench-" + accounts + "-" + i, current.get(i))
            .doOnNext(s -> current.set(i, s)));
    }

    private static double loads(SessionStore store, int accounts, Duration run) {
        rate(store, accounts, Duration.ofSeconds(1), i -> store.load("bench-" + accounts + "-" + i));
        return rate(store, accounts, run, i -> store.load("bench-" + accounts + "-" + i));
    }

    /** Runs {@code op} for each account in a loop until {@code run} is over; operations per second. */
    private static double rate(SessionStore store, int accounts, Duration run,
                               java.util.function.IntFunction<Mono<?>> op) {
        long start = System.nanoTime();
        long end = start + run.toNanos();
        Long total = Flux.range(0, accounts)
            .flatMap(i -> Mono.defer(() -> op.apply(i)).repeat(() -> System.nanoTime() < end).count(), accounts)
            .reduce(0L, Long::sum).block();
        return total * 1e9 / (System.nanoTime() - start);
    }

    private static void bareWrite(Path dir, Path target, byte[] bytes, long n) throws IOException {
        Path tmp = dir.resolve(".bare." + n + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
