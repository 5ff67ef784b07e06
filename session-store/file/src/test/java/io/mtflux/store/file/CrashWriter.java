package io.mtflux.store.file;

import io.mtflux.core.store.SessionLease;
import io.mtflux.core.store.SessionState;
import io.mtflux.store.contract.CrashLoop;
import io.mtflux.store.contract.SessionStates;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link CrashConsistencyTest}: holds the account's lease and saves in a tight loop, each
 * state a function of its version ({@link #expected}), until it is killed. Reports each acknowledged save to the
 * parent as it happens ({@link CrashLoop#ack}).
 */
public final class CrashWriter {
    static final String ACCOUNT = "crash";

    private CrashWriter() {
    }

    /** The state stored at {@code version} (with that version). */
    static SessionState expected(long version) {
        return SessionStates.full(version, 1 + (int) (version % 6)).withVersion(version);
    }

    static FileSessionStore store(Path dir, boolean encrypted) {
        FileSessionStore.Builder b = FileSessionStore.directory(dir);
        if (encrypted) {
            b.passphrase("crash test".toCharArray()).argon2(new Argon2Params(1024, 1, 1));
        }
        return b.build();
    }

    public static void main(String[] args) {
        FileSessionStore store = store(Path.of(args[0]), Boolean.parseBoolean(args[1]));
        SessionLease lease = store.acquire(ACCOUNT, "crash-writer", Duration.ofMinutes(5)).block();
        SessionState current = store.load(ACCOUNT).block();
        long version = current == null ? 0 : current.version();
        while (true) {
            SessionState next = expected(version + 1).withVersion(version);
            version = store.save(lease, next).block().version();
            CrashLoop.ack(version);
        }
    }
}
