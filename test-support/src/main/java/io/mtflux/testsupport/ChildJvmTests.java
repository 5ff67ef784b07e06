package io.mtflux.testsupport;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one test class in a JVM of its own, started like the test JVM that asks (same JVM flags, same test class
 * path, same working directory), so that several can run at once. {@link FuzzRuns} uses it because Jazzer fuzzes
 * one target per JVM. The child is this class's {@link #main}: it runs the class on the JUnit Platform with the
 * extensions auto-detected as in the build, prints the summary and the failures, and exits 0 only when at least one
 * test ran and none failed.
 */
public final class ChildJvmTests {
    private ChildJvmTests() {
    }

    /** What a child run gave. */
    public record Outcome(String testClass, int exitCode, boolean timedOut, Path log) {

        /**
         * Whether every test of the class passed (and at least one ran).
         *
         * @return true when the child exited 0 in time
         */
        public boolean passed() {
            return exitCode == 0 && !timedOut;
        }

        /**
         * The last lines of the child's output, for a failure message.
         *
         * @param lines how many lines at most
         * @return those lines
         */
        public String tail(int lines) {
            try {
                List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
            } catch (IOException e) {
                return "(the log " + log + " could not be read: " + e + ")";
            }
        }
    }

    /**
     * Runs a test class in a new JVM and waits for it.
     *
     * @param testClass the class's binary name
     * @param extraJvmArgs JVM flags added after the test JVM's own (system properties, for example)
     * @param environment variables added to the child's environment
     * @param log where the child's standard output and error go (replaced)
     * @param timeoutSeconds after this long the child is killed and the outcome says it timed out
     * @return the outcome
     * @throws IOException when the child cannot be started
     * @throws InterruptedException when the waiting thread is interrupted (the child is killed)
     */
    public static Outcome run(String testClass, List<String> extraJvmArgs, Map<String, String> environment, Path log,
                              long timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-Xrunjdwp")) {
                command.add(arg);
            }
        }
        command.addAll(extraJvmArgs);
        command.add("-cp");
        command.add(testClassPath());
        command.add(ChildJvmTests.class.getName());
        command.add(testClass);
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
            .directory(Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process child = builder.start();
        try {
            if (!child.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Outcome(testClass, -1, true, log);
            }
            return new Outcome(testClass, child.exitValue(), false, log);
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    /**
     * The test class path of this JVM: surefire names it in {@code surefire.test.class.path} (its own class path is
     * a manifest-only jar); elsewhere it is {@code java.class.path}.
     */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /**
     * The child: runs the test class named by the single argument and exits 0 when at least one test ran and none
     * failed, 1 otherwise, 2 on a wrong command line.
     *
     * @param args the test class's binary name
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ChildJvmTests TEST_CLASS");
            System.exit(2);
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectClass(args[0]))
            .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
            .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        summary.printTo(out);
        summary.printFailuresTo(out, 60);
        out.flush();
        boolean passed = summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0;
        System.exit(passed ? 0 : 1);
    }
}
