package io.mtflux.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;

/**
 * Fuzzing in every run: fuzzes every Jazzer target of a test module (each {@code *FuzzTest} class of its test
 * classes) for {@code mtflux.fuzz.seconds} seconds, after its regression inputs, several at a time
 * ({@code mtflux.fuzz.jobs}; 0, the default, means the number of cores). Jazzer fuzzes one target per JVM, so
 * each target runs in a child JVM of its own ({@link ChildJvmTests}) with {@code JAZZER_FUZZ=1}; its output goes
 * to {@code target/fuzz-runs/<class>.log}. A finding fails the target's dynamic test with the end of that log, and
 * Jazzer keeps the input as {@code crash-<sha1>} beside the target's regression inputs, where every later run
 * replays it. A module runs this from one test class (its {@code FuzzingTest}); the root pom leaves that class out
 * of the run when fuzzing is off ({@code -Dmtflux.fuzz.skip}), and the targets then only replay their inputs in
 * the test JVM itself.
 */
public final class FuzzRuns {
    private static final String SUFFIX = "FuzzTest.class";

    private FuzzRuns() {
    }

    /**
     * One dynamic test per fuzz target of the module whose test classes hold {@code anchor}. All targets start at
     * once (bounded by the job count) when this is called; each dynamic test waits for its own.
     *
     * @param anchor any test class of the module
     * @return the dynamic tests, in the targets' name order
     */
    public static Stream<DynamicTest> everyTargetOf(Class<?> anchor) {
        List<String> targets = targetsBeside(anchor);
        Assertions.assertFalse(targets.isEmpty(), "no *FuzzTest class beside " + anchor.getName());
        int seconds = Integer.getInteger("mtflux.fuzz.seconds", 5);
        int jobs = Integer.getInteger("mtflux.fuzz.jobs", 0);
        if (jobs <= 0) {
            jobs = Runtime.getRuntime().availableProcessors();
        }
        Path logs = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "fuzz-runs");
        List<String> jvmArgs = List.of(
            // C1 only and the serial collector: a target's JVM then needs about half the CPU (C2 and G1 kept two
            // cores busy, so two targets at once ran no faster than one after the other) and fuzzes no slower
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Djazzer.max_duration=" + seconds + "s",
            "-Djazzer.instrumentation_includes=io.mtflux.**",
            "-Djazzer.custom_hook_includes=io.mtflux.**");
        // a fuzz target's JVM start, instrumentation and regression inputs take seconds of their own
        long timeout = seconds + 300L;
        ExecutorService pool = Executors.newFixedThreadPool(jobs, runnable -> {
            Thread thread = new Thread(runnable, "fuzz-run");
            thread.setDaemon(true);
            return thread;
        });
        Map<String, Future<ChildJvmTests.Outcome>> runs = targets.stream().collect(Collectors.toMap(
            target -> target,
            target -> pool.submit(() -> ChildJvmTests.run(target, jvmArgs, Map.of("JAZZER_FUZZ", "1"),
                logs.resolve(target + ".log"), timeout)),
            (a, b) -> a, LinkedHashMap::new));
        pool.shutdown();
        return targets.stream().map(target -> DynamicTest.dynamicTest(simpleName(target), () -> {
            ChildJvmTests.Outcome outcome;
            try {
                outcome = runs.get(target).get();
            } catch (ExecutionException e) {
                throw new AssertionError("could not run " + target + " in a JVM of its own", e.getCause());
            }
            String summary = fuzzSummary(outcome.log());
            System.out.println(simpleName(target) + ": " + (outcome.passed() ? "passed" : "FAILED") + ", " + summary
                + " (log " + outcome.log() + ")");
            if (!outcome.passed()) {
                Assertions.fail(simpleName(target) + (outcome.timedOut()
                    ? " did not end within " + timeout + " s"
                    : " failed (exit " + outcome.exitCode() + "): a finding is kept as crash-<sha1> beside its"
                        + " regression inputs")
                    + "; the end of " + outcome.log() + ":\n" + outcome.tail(80));
            }
        }));
    }

    /** The binary names of the {@code *FuzzTest} classes in the directory (or jar) that holds {@code anchor}. */
    static List<String> targetsBeside(Class<?> anchor) {
        Path root;
        try {
            root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("where " + anchor.getName() + " was loaded from is not a path", e);
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files
                .filter(file -> file.getFileName().toString().endsWith(SUFFIX))
                .filter(file -> !file.getFileName().toString().contains("$"))
                .map(file -> root.relativize(file).toString())
                .map(name -> name.substring(0, name.length() - ".class".length()))
                .map(name -> name.replace(root.getFileSystem().getSeparator(), "."))
                .sorted()
                .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the test classes in " + root, e);
        }
    }

    private static String simpleName(String binaryName) {
        return binaryName.substring(binaryName.lastIndexOf('.') + 1);
    }

    /** libFuzzer's closing line ("Done N runs in S second(s)"), or a note that there is none. */
    private static String fuzzSummary(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.startsWith("Done ") && line.contains(" runs in "))
                .reduce((first, second) -> second)
                .orElse("no fuzzing summary in the log");
        } catch (IOException | UncheckedIOException e) {
            return "no log (" + e.getMessage() + ")";
        }
    }
}
