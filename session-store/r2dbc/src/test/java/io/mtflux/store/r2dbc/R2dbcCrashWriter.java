package io.mtflux.store.r2dbc;

import io.mtflux.store.contract.CrashLoop;

/** The child JVM of {@link CrashConsistencyTest}: saves {@link CrashLoop#ACCOUNT} forever into the R2DBC URL. */
public final class R2dbcCrashWriter {
    private R2dbcCrashWriter() {
    }

    /** {@code args[0]}: the R2DBC URL. */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        boolean file = url.startsWith("r2dbc:h2:file:");
        CrashLoop.child(() -> R2dbcSessionStore.connect(url).block(), !file, () -> {
            if (file) {
                // load H2 and the store's classes on a throw-away database while the predecessor still runs
                R2dbcSessionStore warm = R2dbcSessionStore.connect("r2dbc:h2:mem:///warm").block();
                warm.save("warm", CrashLoop.stateAt(1).withVersion(0)).block();
                warm.load("warm").block();
                warm.close().block();
            }
        });
    }
}
