package io.mtflux.store.file;

import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.store.AccountListingUnsupportedException;
import io.mtflux.core.store.CorruptSessionException;
import io.mtflux.core.store.LeaseHeldException;
import io.mtflux.core.store.LeaseLostException;
import io.mtflux.core.store.SessionConflictException;
import io.mtflux.core.store.SessionLease;
import io.mtflux.core.store.SessionLeases;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.store.SessionStoreException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link SessionStore} in files: one file per account in a directory ({@link #directory}) or one file for a
 * single account ({@link #file}). Blocking file I/O runs on {@code Schedulers.boundedElastic()}.
 *
 * <ul>
 *   <li>Atomic writes: a temporary file in the same directory, written, fsynced, renamed over the account's file
 *   atomically, then the directory fsynced. A crash leaves the old or the new file, never a mix.</li>
 *   <li>New files are created with permissions 0600 (owner read/write) where the file system has POSIX
 *   permissions; a directory the store creates gets 0700.</li>
 *   <li>Optional encryption at rest ({@link Builder#passphrase}): AES-256-GCM with a key derived from the passphrase
 *   by Argon2id (BouncyCastle); the header (version, salt, parameters, nonce) is authenticated too.</li>
 *   <li>Optimistic versions: a save checks the stored version under an exclusive lock (a lock in this JVM plus an
 *   OS file lock on {@code <file>.lock}), so writers in several processes cannot both win.</li>
 *   <li>Leases ({@link SessionLeases}): an OS file lock on {@code <file>.lease}, held until {@link #release} or
 *   the death of the process, so two processes cannot both own the account. They do not expire while the
 *   holder lives (the ttl only sets {@link SessionLease#expiresAt}); the fencing token is a counter kept in the
 *   lease file, so it keeps growing across release and {@link #delete}.</li>
 *   <li>A file that cannot be read (truncated, damaged, wrong passphrase) is a {@link CorruptSessionException}
 *   and is left as it is.</li>
 * </ul>
 *
 * {@link #accountIds} lists the {@code *.session} files of the directory (temporary, lock and lease files are not
 * accounts); a single-file store cannot list (every id maps to its file).
 *
 * {@link #delete} removes the account's session file; the small {@code .lock} and {@code .lease} files stay (they
 * hold no session data, and removing a lock file another process may be opening is unsafe).
 */
public final class FileSessionStore implements SessionStore, SessionLeases {
    private static final String SUFFIX = ".session";
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");
    /** Locks serializing saves of one file across every store instance of this JVM. */
    private static final Map<Path, ReentrantLock> SAVE_LOCKS = new ConcurrentHashMap<>();
    /** Leases this JVM holds, by lease file (a JVM must not open a locked file twice: closing drops the lock). */
    private static final Map<Path, Held> HELD = new ConcurrentHashMap<>();

    private final Path dir;
    private final Path singleFile;
    private final char[] passphrase;
    private final Argon2Params argon2;
    private final Argon2Params argon2Limit;
    private final Map<AtRestKey, AtRestKey> keyCache = new LinkedHashMap<>();
    private volatile AtRestKey writeKey;

    private FileSessionStore(Builder b) {
        this.dir = b.dir;
        this.singleFile = b.singleFile;
        this.passphrase = b.passphrase;
        this.argon2 = b.argon2;
        this.argon2Limit = b.argon2Limit != null ? b.argon2Limit
            : Argon2Params.DEFAULT_LIMIT.atLeast(b.argon2);
    }

    /**
     * A store keeping each account in {@code <dir>/<account>.session} (the directory is created if missing).
     *
     * @param dir the directory
     * @return the builder
     */
    public static Builder directory(Path dir) {
        return new Builder(dir.toAbsolutePath().normalize(), null);
    }

    /**
     * A store of one account in {@code file}: every account id maps to this file.
     *
     * @param file the session file
     * @return the builder
     */
    public static Builder file(Path file) {
        Path f = file.toAbsolutePath().normalize();
        return new Builder(f.getParent(), f);
    }

    /** Builds a {@link FileSessionStore}. */
    public static final class Builder {
        private final Path dir;
        private final Path singleFile;
        private char[] passphrase;
        private Argon2Params argon2 = Argon2Params.DEFAULT;
        private Argon2Params argon2Limit;

        private Builder(Path dir, Path singleFile) {
            this.dir = Objects.requireNonNull(dir, "dir");
            this.singleFile = singleFile;
        }

        /**
         * Encrypts files at rest with a key derived from {@code value} (copied; null: no encryption).
         *
         * @param value the passphrase (a secret), or null
         * @return this builder
         */
        public Builder passphrase(char[] value) {
            this.passphrase = value == null ? null : value.clone();
            return this;
        }

        /**
         * Argon2id cost of deriving the key from the passphrase (default {@link Argon2Params#DEFAULT}).
         *
         * @param value the cost parameters
         * @return this builder
         */
        public Builder argon2(Argon2Params value) {
            this.argon2 = Objects.requireNonNull(value, "argon2");
            return this;
        }

        /**
         * The most a file's header may ask of the key derivation when the store reads it: a file asking for more
         * memory, passes or lanes is a {@link CorruptSessionException}, refused before any work (a crafted header
         * cannot make a load take gigabytes or hours). Default: {@link Argon2Params#DEFAULT_LIMIT}, raised to
         * {@link #argon2} where that asks for more.
         *
         * @param value the limit of each parameter
         * @return this builder
         */
        public Builder argon2Limit(Argon2Params value) {
            this.argon2Limit = Objects.requireNonNull(value, "argon2Limit");
            return this;
        }

        /**
         * {@return the store; nothing is read or created before the first call}
         */
        public FileSessionStore build() {
            return new FileSessionStore(this);
        }
    }

    /**
     * The file holding {@code accountId}'s session.
     *
     * @param accountId the account
     * @return the absolute path of the file
     */
    public Path pathOf(String accountId) {
        if (singleFile != null) {
            return singleFile;
        }
        return dir.resolve(fileName(accountId) + SUFFIX);
    }

    /**
     * The account id as a file name: letters, digits, '-', '_' and '.' (not leading) are kept, every other byte
     * of its UTF-8 form is written as %XX.
     */
    static String fileName(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        if (accountId.isEmpty()) {
            throw new IllegalArgumentException("empty account id");
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : accountId.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
                || c == '_' || c == '.' && sb.length() > 0;
            if (plain) {
                sb.append(c);
            } else {
                sb.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        if (sb.length() > 200) {
            throw new IllegalArgumentException("account id too long for a file name");
        }
        return sb.toString();
    }

    /** The account id of a {@link #fileName}, or null for a name that is not one (a temporary file, a stray). */
    static String accountIdOf(String fileName) {
        if (!fileName.endsWith(SUFFIX) || fileName.startsWith(".") || fileName.length() == SUFFIX.length()) {
            return null;
        }
        String name = fileName.substring(0, fileName.length() - SUFFIX.length());
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%') {
                if (i + 2 >= name.length()) {
                    return null;
                }
                int hi = Character.digit(name.charAt(i + 1), 16);
                int lo = Character.digit(name.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                return null;
            }
        }
        String id = new String(out.toByteArray(), StandardCharsets.UTF_8);
        // only names this store writes: the id must encode back to exactly this name
        return fileName(id).equals(name) ? id : null;
    }

    /**
     * The accounts with a session file in the directory (read on {@code boundedElastic()}); a store of one file
     * fails with {@link AccountListingUnsupportedException}.
     */
    @Override
    public Flux<String> accountIds() {
        if (singleFile != null) {
            return Flux.error(new AccountListingUnsupportedException("FileSessionStore",
                "it is a store of one file that every account id maps to"));
        }
        return io(null, () -> {
            List<String> ids = new ArrayList<>();
            if (!Files.isDirectory(dir)) {
                return ids;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
                for (Path f : files) {
                    String id = accountIdOf(f.getFileName().toString());
                    if (id != null && Files.isRegularFile(f)) {
                        ids.add(id);
                    }
                }
            }
            return ids;
        }).flatMapIterable(ids -> ids);
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private <T> Mono<T> io(String accountId, Callable<T> work) {
        return Mono.fromCallable(() -> {
            try {
                return work.call();
            } catch (IOException e) {
                throw new SessionStoreException(accountId, "file I/O failed "
                    + (accountId == null ? "listing the accounts" : "for account '" + accountId + "'") + ": " + e, e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<SessionState> load(String accountId) {
        return io(accountId, () -> {
            byte[] data;
            try {
                data = Files.readAllBytes(pathOf(accountId));
            } catch (NoSuchFileException e) {
                return null;
            }
            return decode(accountId, data);
        });
    }

    /** The state in a file's bytes, as {@link #load} reads it; a {@link CorruptSessionException} if unreadable. */
    SessionState decode(String accountId, byte[] data) {
        try {
            return SessionFile.decode(data, this::keyFor).state();
        } catch (SessionFile.Unreadable e) {
            throw new CorruptSessionException(accountId, e.getMessage() + " in " + pathOf(accountId).getFileName());
        }
    }

    @Override
    public Mono<SessionState> save(String accountId, SessionState state) {
        Objects.requireNonNull(state, "state");
        return io(accountId, () -> write(accountId, state, null));
    }

    @Override
    public Mono<SessionState> save(SessionLease lease, SessionState state) {
        Objects.requireNonNull(state, "state");
        return io(lease.accountId(), () -> write(lease.accountId(), state, lease));
    }

    @Override
    public Mono<Void> delete(String accountId) {
        return io(accountId, () -> {
            Path file = pathOf(accountId);
            if (!Files.exists(dir)) {
                return null;
            }
            locked(file, () -> {
                if (Files.deleteIfExists(file)) {
                    syncDirectory();
                }
                return null;
            });
            return null;
        }).then();
    }

    private SessionState write(String accountId, SessionState state, SessionLease lease) throws IOException {
        Path file = pathOf(accountId);
        ensureDirectory();
        return locked(file, () -> {
            if (lease != null) {
                checkLease(file, lease);
            }
            long stored = storedVersion(accountId, file);
            if (stored != state.version()) {
                throw new SessionConflictException(accountId, state.version(), stored);
            }
            SessionState next = state.withVersion(state.version() + 1);
            AtRestKey key = passphrase == null ? null : writeKey();
            byte[] nonce = key == null ? null : RandomSource.secure().bytes(12);
            writeAtomically(file, SessionFile.encode(next.version(), next, key, nonce));
            return next;
        });
    }

    private long storedVersion(String accountId, Path file) throws IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
        try {
            return SessionFile.version(data);
        } catch (SessionFile.Unreadable e) {
            throw new CorruptSessionException(accountId, e.getMessage() + " in " + file.getFileName()
                + "; not overwritten");
        }
    }

    /** Runs {@code work} holding this JVM's lock of {@code file} and the OS lock of {@code <file>.lock}. */
    private static <T> T locked(Path file, Callable<T> work) throws IOException {
        ReentrantLock jvm = SAVE_LOCKS.computeIfAbsent(file, p -> new ReentrantLock());
        jvm.lock();
        try (FileChannel ch = openCreating(sibling(file, ".lock"), StandardOpenOption.WRITE);
             FileLock held = ch.lock()) {
            if (!held.isValid()) {
                throw new IOException("the lock of " + file.getFileName() + " was released under us");
            }
            return work.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            jvm.unlock();
        }
    }

    private void writeAtomically(Path file, byte[] data) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + "."
            + HexFormat.of().formatHex(RandomSource.secure().bytes(6)) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), permissions(OWNER_RW))) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some platforms cannot open or fsync a directory; the rename itself is still atomic
        }
    }

    private void ensureDirectory() throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir, permissions(OWNER_RWX));
            } catch (FileAlreadyExistsException e) {
                // created concurrently
            }
        }
    }

    private FileAttribute<?>[] permissions(Set<PosixFilePermission> perms) {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)} : new FileAttribute<?>[0];
    }

    private boolean posix() {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileChannel openCreating(Path path, StandardOpenOption... extra) throws IOException {
        Set<StandardOpenOption> options = new java.util.HashSet<>(Arrays.asList(extra));
        options.add(StandardOpenOption.CREATE);
        boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? FileChannel.open(path, options, PosixFilePermissions.asFileAttribute(OWNER_RW))
            : FileChannel.open(path, options);
    }

    // ---- encryption keys ----

    private AtRestKey writeKey() {
        AtRestKey k = writeKey;
        if (k == null) {
            synchronized (this) {
                k = writeKey;
                if (k == null) {
                    k = AtRestKey.derive(passphrase, RandomSource.secure().bytes(16), argon2);
                    writeKey = k;
                }
            }
        }
        return k;
    }

    private AtRestKey keyFor(byte[] salt, Argon2Params params) throws SessionFile.Unreadable {
        if (passphrase == null) {
            throw new SessionFile.Unreadable("the file is encrypted and this store has no passphrase");
        }
        if (!params.within(argon2Limit)) {
            throw new SessionFile.Unreadable("the header asks for Argon2 with " + params.memoryKiB() + " KiB, "
                + params.iterations() + " passes and " + params.parallelism() + " lanes, above this store's limit");
        }
        AtRestKey w = writeKey;
        if (w != null && w.matches(salt, params)) {
            return w;
        }
        AtRestKey probe = new AtRestKey(salt, params, new byte[0]);
        synchronized (keyCache) {
            AtRestKey cached = keyCache.get(probe);
            if (cached != null) {
                return cached;
            }
        }
        AtRestKey derived;
        try {
            derived = AtRestKey.derive(passphrase, salt, params);
        } catch (IllegalArgumentException e) {
            throw new SessionFile.Unreadable("bad Argon2 parameters in the header");
        }
        synchronized (keyCache) {
            if (keyCache.size() >= 16) {
                keyCache.remove(keyCache.keySet().iterator().next());
            }
            keyCache.put(derived, derived);
        }
        return derived;
    }

    // ---- leases ----

    /** A lease this JVM holds: the open lease file and its OS lock. */
    private static final class Held {
        final String holder;
        volatile FileChannel channel;
        volatile FileLock lock;
        volatile long token;

        Held(String holder) {
            this.holder = holder;
        }

        boolean current(SessionLease lease) {
            FileLock l = lock;
            return l != null && l.isValid() && token == lease.fencingToken();
        }
    }

    private void checkLease(Path file, SessionLease lease) {
        Held h = HELD.get(sibling(file, ".lease"));
        if (h == null || !h.current(lease)) {
            throw new LeaseLostException(lease.accountId(), lease.fencingToken(), "released or held by another");
        }
    }

    @Override
    public Mono<SessionLease> acquire(String accountId, String holder, Duration ttl) {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(ttl, "ttl");
        return io(accountId, () -> {
            ensureDirectory();
            Path leaseFile = sibling(pathOf(accountId), ".lease");
            Held mine = new Held(holder);
            Held other = HELD.putIfAbsent(leaseFile, mine);
            if (other != null) {
                throw new LeaseHeldException(accountId, other.holder);
            }
            FileChannel ch = null;
            try {
                ch = openCreating(leaseFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    throw new LeaseHeldException(accountId, readHolder(ch));
                }
                long token = readToken(ch) + 1;
                byte[] name = holder.getBytes(StandardCharsets.UTF_8);
                ByteBuffer b = ByteBuffer.allocate(8 + 2 + Math.min(name.length, 1000));
                b.putLong(token).putShort((short) Math.min(name.length, 1000)).put(name, 0, Math.min(name.length,
                    1000)).flip();
                ch.truncate(0);
                while (b.hasRemaining()) {
                    ch.write(b, b.position());
                }
                ch.force(true);
                mine.channel = ch;
                mine.token = token;
                mine.lock = lock;
                return new SessionLease(accountId, holder, token, ttl, Instant.now().plus(ttl));
            } catch (IOException | RuntimeException e) {
                HELD.remove(leaseFile, mine);
                if (ch != null) {
                    ch.close();
                }
                throw e;
            }
        });
    }

    private static long readToken(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8);
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // read on
        }
        return b.position() == 8 ? b.getLong(0) : 0;
    }

    private static String readHolder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(1010);
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                // read on
            }
            if (b.position() < 10) {
                return null;
            }
            int length = Math.min(b.getShort(8) & 0xFFFF, b.position() - 10);
            return new String(b.array(), 10, length, StandardCharsets.UTF_8) + " (another process)";
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public Mono<SessionLease> renew(SessionLease lease) {
        return Mono.fromCallable(() -> {
            Held h = HELD.get(sibling(pathOf(lease.accountId()), ".lease"));
            if (h == null || !h.current(lease)) {
                throw new LeaseLostException(lease.accountId(), lease.fencingToken(), "released or held by another");
            }
            return lease.renewedUntil(Instant.now().plus(lease.ttl()));
        });
    }

    @Override
    public Mono<Void> release(SessionLease lease) {
        return io(lease.accountId(), () -> {
            Path leaseFile = sibling(pathOf(lease.accountId()), ".lease");
            Held h = HELD.get(leaseFile);
            if (h != null && h.current(lease)) {
                // closing the channel releases the OS lock; only then may another acquire in this JVM open the file
                try {
                    h.channel.close();
                } finally {
                    HELD.remove(leaseFile, h);
                }
            }
            return null;
        }).then();
    }

    @Override
    public String toString() {
        return "FileSessionStore{" + (singleFile != null ? "file=" + singleFile : "dir=" + dir) + ", encrypted="
            + (passphrase != null) + "}";
    }
}
