package io.mtflux.bench.accounts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * What {@link AccountsFailoverHarness} runs, read from system properties (defaults in brackets):
 * {@code bench.accounts.users} [30], {@code bench.accounts.dcs} [3], {@code bench.accounts.stores}
 * [{@code redis,postgres}], {@code bench.accounts.ttls} [{@code 2s,5s,10s}], {@code bench.accounts.repetitions} [3],
 * {@code bench.accounts.jar} [{@code samples/target/mtflux-accounts.jar}], {@code bench.accounts.testkit.jar}
 * [{@code testkit/target/mtflux-testkit.jar}] (both looked for under the working directory, then beside the bench
 * jar's module), {@code bench.accounts.jvm} [{@code -XX:+UseSerialGC -XX:TieredStopAtLevel=1}: the JVM flags of the
 * child processes] and {@code bench.accounts.dir} [a new temporary directory, removed after a run that passed: the
 * children's stderr files and the testkit's ready file].
 *
 * @param users accounts logged in and served, 3 to 1,000
 * @param dcs testkit DCs, 1 to 9; account i lives on DC {@code 1 + i % dcs}
 * @param stores the stores to run on, in order: {@code redis}, {@code postgres}
 * @param ttls the lease ttls, each at least 100 ms and a whole number of milliseconds
 * @param repetitions runs per store and ttl, at least 1
 * @param accountsJar the accounts CLI jar
 * @param testkitJar the standalone testkit jar
 * @param jvmFlags the flags of every child JVM
 * @param dir where the children's stderr files and the ready file go
 */
record FailoverSettings(int users, int dcs, List<String> stores, List<Duration> ttls, int repetitions,
                        Path accountsJar, Path testkitJar, List<String> jvmFlags, Path dir) {
    static final List<String> STORES = List.of("redis", "postgres");
    private static final String PREFIX = "bench.accounts.";

    FailoverSettings {
        if (users < 3 || users > 1000) {
            throw new IllegalArgumentException(PREFIX + "users must be 3 to 1000, got " + users);
        }
        if (dcs < 1 || dcs > 9) {
            throw new IllegalArgumentException(PREFIX + "dcs must be 1 to 9, got " + dcs);
        }
        stores = List.copyOf(stores);
        if (stores.isEmpty() || !STORES.containsAll(stores)) {
            throw new IllegalArgumentException(PREFIX + "stores must name some of " + STORES + ", got " + stores);
        }
        ttls = List.copyOf(ttls);
        if (ttls.isEmpty() || ttls.stream().anyMatch(t -> t.toMillis() < 100 || t.toNanos() % 1_000_000 != 0)) {
            throw new IllegalArgumentException(PREFIX + "ttls must be whole milliseconds of at least 100 ms, got "
                + ttls);
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException(PREFIX + "repetitions must be at least 1, got " + repetitions);
        }
        jvmFlags = List.copyOf(jvmFlags);
    }

    /**
     * The settings of {@code properties} (the system properties), the jars found from {@code workingDir} or
     * {@code benchJar}'s module.
     *
     * @throws IllegalArgumentException for a malformed value or a jar that is not there (the message says which)
     */
    static FailoverSettings from(Properties properties, Path workingDir, Path benchJar) throws Exception {
        int users = integer(properties, "users", 30);
        int dcs = integer(properties, "dcs", 3);
        List<String> stores = list(properties, "stores", "redis,postgres").stream()
            .map(s -> s.toLowerCase(Locale.ROOT)).toList();
        List<Duration> ttls = list(properties, "ttls", "2s,5s,10s").stream().map(FailoverSettings::duration)
            .toList();
        int repetitions = integer(properties, "repetitions", 3);
        Path accountsJar = jar(properties, "jar", Path.of("samples", "target", "mtflux-accounts.jar"), workingDir,
            benchJar);
        Path testkitJar = jar(properties, "testkit.jar", Path.of("testkit", "target", "mtflux-testkit.jar"),
            workingDir, benchJar);
        String flags = properties.getProperty(PREFIX + "jvm", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1").trim();
        List<String> jvmFlags = flags.isEmpty() ? List.of() : Arrays.asList(flags.split("\\s+"));
        String dir = properties.getProperty(PREFIX + "dir");
        Path work = dir == null ? Files.createTempDirectory("mtflux-accounts-failover")
            : Files.createDirectories(Path.of(dir));
        return new FailoverSettings(users, dcs, stores, ttls, repetitions, accountsJar, testkitJar, jvmFlags, work);
    }

    private static int integer(Properties properties, String name, int otherwise) {
        String value = properties.getProperty(PREFIX + name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + name + " must be a whole number, got '" + value + "'");
        }
    }

    private static List<String> list(Properties properties, String name, String otherwise) {
        List<String> values = new ArrayList<>();
        for (String v : properties.getProperty(PREFIX + name, otherwise).split(",")) {
            if (!v.isBlank()) {
                values.add(v.trim());
            }
        }
        return values;
    }

    /**
     * A ttl as the accounts CLI's {@code --lease-ttl} short form spells it: a whole number with {@code ms},
     * {@code s} or {@code m}.
     */
    static Duration duration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(PREFIX + "ttls: '" + value + "' is not a whole number with ms, s or m");
    }

    /** The property's path, else {@code relative} under the working directory, else beside the bench module. */
    private static Path jar(Properties properties, String name, Path relative, Path workingDir, Path benchJar) {
        String given = properties.getProperty(PREFIX + name);
        if (given != null) {
            Path p = Path.of(given);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(PREFIX + name + ": no such file " + p);
            }
            return p.toAbsolutePath();
        }
        List<Path> tried = new ArrayList<>();
        tried.add(workingDir.resolve(relative));
        // bench/target/mtflux-bench.jar (or bench/target/classes): the repository is two levels up
        if (benchJar != null && benchJar.getParent() != null && benchJar.getParent().getParent() != null
            && benchJar.getParent().getParent().getParent() != null) {
            tried.add(benchJar.getParent().getParent().getParent().resolve(relative));
        }
        for (Path p : tried) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalArgumentException("no " + relative.getFileName() + " at " + tried + ": build it (mvn -B -q"
            + " -pl bench,samples -am package -DskipTests) or name it with -D" + PREFIX + name + "=PATH");
    }

    /** The renew interval of a lease of {@code ttl}: the accounts runtime's default, a third of it. */
    static Duration renewOf(Duration ttl) {
        return ttl.dividedBy(3);
    }
}
