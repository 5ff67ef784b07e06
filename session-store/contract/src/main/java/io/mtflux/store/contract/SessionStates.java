package io.mtflux.store.contract;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.store.DcAuth;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.UpdateState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Sample {@link SessionState}s for store tests and benchmarks: deterministic for a seed, every field set. */
public final class SessionStates {
    private SessionStates() {
    }

    /**
     * A random 256-byte auth key from {@code seed}.
     *
     * @param seed the seed
     * @return the key, the same for the same seed
     */
    public static AuthKey key(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] bytes = new byte[AuthKey.LENGTH];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) rnd.nextInt(256);
        }
        return AuthKey.of(bytes);
    }

    /**
     * A full state: {@code dcCount} DCs with keys (ids 1..dcCount, home DC 2 when it exists, the others
     * alternately authorized), a user, bot flag, IPv4, IPv6 and media-only DC options, an update state, API
     * credentials (an api_hash of 32 hex digits), and extreme values (negative salts and offsets, large ids) where
     * they fit.
     *
     * @param seed the seed
     * @param dcCount how many DCs have a key
     * @return the state, at version 0
     */
    public static SessionState full(long seed, int dcCount) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<DcEndpoint> options = new ArrayList<>();
        for (int dc = 1; dc <= Math.max(dcCount, 1); dc++) {
            options.add(DcEndpoint.of(dc, "149.154.167." + (dc * 10 + rnd.nextInt(10)), 443));
            options.add(new DcEndpoint(dc, "2001:67c:4e8:f00" + dc + "::a", 443, false, true));
            options.add(new DcEndpoint(dc, "149.154.175." + (dc + 50), 80 + rnd.nextInt(100), true, false));
        }
        int home = dcCount >= 2 ? 2 : 1;
        SessionState s = SessionState.initial(home, options)
            .withUser(rnd.nextLong(1, Long.MAX_VALUE), rnd.nextBoolean())
            .withUpdateState(new UpdateState(rnd.nextInt(Integer.MAX_VALUE), rnd.nextInt(1_000_000),
                1_700_000_000 + rnd.nextInt(100_000_000), rnd.nextInt()))
            .withApiCredentials(1 + rnd.nextInt(Integer.MAX_VALUE - 1), apiHash(rnd));
        for (int dc = 1; dc <= dcCount; dc++) {
            Instant created = Instant.ofEpochSecond(1_700_000_000L + rnd.nextInt(100_000_000), rnd.nextInt(1_000_000)
                * 1000L);
            long salt = rnd.nextLong();
            long offset = dc % 2 == 0 ? -rnd.nextInt(100_000) : rnd.nextInt(100_000);
            s = s.withDc(dc, new DcAuth(key(seed * 31 + dc), created, salt, offset, dc == home || dc % 2 == 1));
        }
        return s;
    }

    /** A random api_hash of 32 lower-case hex digits, like Telegram's. */
    private static String apiHash(SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            sb.append(Character.forDigit(rnd.nextInt(16), 16));
        }
        return sb.toString();
    }

    /**
     * The smallest state: one DC, no key, no user, no options, no update state, no API credentials.
     *
     * @param homeDc the home DC
     * @return the state, at version 0
     */
    public static SessionState minimal(int homeDc) {
        return SessionState.initial(homeDc, List.of());
    }
}
