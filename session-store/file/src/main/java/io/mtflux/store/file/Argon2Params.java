package io.mtflux.store.file;

/**
 * Argon2id cost parameters of the at-rest key.
 *
 * @param memoryKiB memory in KiB (at least 8 x parallelism)
 * @param iterations passes over memory, 1..255
 * @param parallelism lanes, 1..255
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {
    /** 64 MiB, 3 passes, 1 lane (RFC 9106's second recommended option). */
    public static final Argon2Params DEFAULT = new Argon2Params(64 * 1024, 3, 1);
    /**
     * The most a file's header may ask for by default when a store reads it: 256 MiB, 10 passes, 16 lanes (see
     * {@code FileSessionStore.Builder#argon2Limit}).
     */
    public static final Argon2Params DEFAULT_LIMIT = new Argon2Params(256 * 1024, 10, 16);

    /**
     * Checks the ranges.
     *
     * @param memoryKiB memory in KiB, at least 8 x parallelism and at most 4 GiB
     * @param iterations passes over memory, 1..255
     * @param parallelism lanes, 1..255
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public Argon2Params {
        if (iterations < 1 || iterations > 255 || parallelism < 1 || parallelism > 255
            || memoryKiB < 8 * parallelism || memoryKiB > 4 * 1024 * 1024) {
            throw new IllegalArgumentException("Argon2 parameters out of range: " + memoryKiB + " KiB, "
                + iterations + " passes, " + parallelism + " lanes");
        }
    }

    /**
     * Whether no parameter exceeds {@code limit}'s.
     *
     * @param limit the most of each parameter
     * @return whether these parameters stay within it
     */
    public boolean within(Argon2Params limit) {
        return memoryKiB <= limit.memoryKiB && iterations <= limit.iterations && parallelism <= limit.parallelism;
    }

    /**
     * These parameters, each raised to {@code other}'s where that is larger.
     *
     * @param other the parameters to cover
     * @return parameters that both these and {@code other} are within
     */
    public Argon2Params atLeast(Argon2Params other) {
        return new Argon2Params(Math.max(memoryKiB, other.memoryKiB), Math.max(iterations, other.iterations),
            Math.max(parallelism, other.parallelism));
    }
}
