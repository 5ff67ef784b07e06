package io.mtflux.consumertests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checks every consumer project shares, called from its {@code verify.groovy} after its nested build passed:
 * it resolved every library at the version our build resolved, and its program printed {@link #DONE}.
 */
public final class ConsumerCheck {

    /**
     * The families the BOM exists to pin: a consumer must resolve at least one artifact of each (else the
     * comparison would prove nothing about them).
     */
    public static final List<String> PINNED_GROUPS = List.of(
        "io.netty", "io.projectreactor", "io.projectreactor.netty", "io.micrometer", "org.bouncycastle");

    /** The last line of every consumer's program: seen in the build log, the program ran to its end. */
    public static final String DONE = "mtflux consumer: ok";

    private static final int MAX_LOG_LINES = 10;

    private ConsumerCheck() {
    }

    /**
     * What is wrong with {@code consumer} compared with {@code build}, one line each; empty when nothing is:
     * an artifact both resolved at different versions, or a pinned family one of them did not resolve at all.
     * Artifacts only the consumer resolved (its own libraries) are not compared.
     */
    public static List<String> mismatches(ResolvedDependencies build, ResolvedDependencies consumer,
        List<String> pinnedGroups) {
        List<String> problems = new ArrayList<>();
        for (String group : pinnedGroups) {
            if (!consumer.hasGroup(group)) {
                problems.add("the consumer resolved no " + group + " artifact");
            }
            if (!build.hasGroup(group)) {
                problems.add("the build resolved no " + group + " artifact");
            }
        }
        for (Map.Entry<String, String> resolved : consumer.versions().entrySet()) {
            build.version(resolved.getKey())
                .filter(version -> !version.equals(resolved.getValue()))
                .ifPresent(version -> problems.add(resolved.getKey() + ": the consumer resolved "
                    + resolved.getValue() + ", the build " + version));
        }
        return problems;
    }

    /**
     * Checks the consumer project in {@code consumerDir} (its {@code target/dependencies.txt} and
     * {@code build.log}) against the build's {@code dependency:list} file.
     *
     * @throws AssertionError naming every problem, with the errors of the consumer's build log if it failed
     */
    public static void verify(Path consumerDir, Path buildDependencies) throws IOException {
        List<String> log = Files.readAllLines(consumerDir.resolve("build.log"), StandardCharsets.UTF_8);
        Path listed = consumerDir.resolve("target/dependencies.txt");
        if (!Files.isRegularFile(listed)) {
            throw failure(consumerDir, List.of("its build failed before it listed what it resolved"), log);
        }
        List<String> problems = new ArrayList<>(mismatches(ResolvedDependencies.read(buildDependencies),
            ResolvedDependencies.read(listed), PINNED_GROUPS));
        if (log.stream().noneMatch(line -> line.strip().equals(DONE))) {
            problems.add("the program did not print \"" + DONE + "\"");
        }
        if (!problems.isEmpty()) {
            throw failure(consumerDir, problems, log);
        }
    }

    /** The invoker shows only this message: it carries the build's errors, so that a CI log says what failed. */
    private static AssertionError failure(Path consumerDir, List<String> problems, List<String> log) {
        List<String> errors = log.stream()
            .filter(line -> line.startsWith("[ERROR] ") && line.length() > "[ERROR] ".length()
                || line.contains("Exception: "))
            .limit(MAX_LOG_LINES)
            .toList();
        StringBuilder message = new StringBuilder(consumerDir.getFileName() + " does not get what our build uses:");
        problems.forEach(problem -> message.append("\n  ").append(problem));
        if (!errors.isEmpty()) {
            message.append("\n  from its build.log:");
            errors.forEach(line -> message.append("\n    ").append(line));
        }
        return new AssertionError(message.toString());
    }
}
