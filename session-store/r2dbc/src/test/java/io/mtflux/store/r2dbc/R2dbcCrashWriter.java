package io.mtflux.store.r2dbc;

import io.mtflux.store.contract.CrashLoop;

/** The child JVM of {@link CrashConsistencyTest}: saves {@link CrashLoop#ACCOUNT} forever into the R2DBC URL. */
public final class R2dbcCrashWriter {
    private R2dbcCrashWriter() {
    }

    /** {@code args[0]}: the R2DBC URL. */
    public static void main(String[] args) throws Exception {
        CrashLoop.child(() -> R2dbcSessionStore.connect(args[0]).block());
    }
}
