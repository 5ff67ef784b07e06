package io.mtflux.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child JVM runner passes what passes and fails what fails, and hands the child its flags and environment. */
class ChildJvmTestsTest {
    @TempDir
    static Path dir;
    private static CompletableFuture<ChildJvmTests.Outcome> passing;
    private static CompletableFuture<ChildJvmTests.Outcome> failing;
    private static CompletableFuture<ChildJvmTests.Outcome> empty;

    /** The three children run at once: each is a JVM start of a few seconds. */
    @BeforeAll
    static void startTheChildren() {
        passing = child(Passing.class.getName(), List.of("-Dmtflux.child.flag=given"),
            Map.of("MTFLUX_CHILD_ENV", "set"));
        failing = child(Failing.class.getName(), List.of(), Map.of());
        empty = child(String.class.getName(), List.of(), Map.of());
    }

    private static CompletableFuture<ChildJvmTests.Outcome> child(String testClass, List<String> jvmArgs,
                                                                  Map<String, String> environment) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ChildJvmTests.run(testClass, jvmArgs, environment, dir.resolve(testClass + ".log"), 120);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aPassingClassPassesWithTheFlagsAndEnvironmentItWasGiven() {
        ChildJvmTests.Outcome outcome = passing.join();
        assertTrue(outcome.passed(), outcome.tail(40));
        assertTrue(outcome.tail(40).contains("1 tests successful"), outcome.tail(40));
    }

    @Test
    void aFailingClassFailsWithItsMessageInTheLog() {
        ChildJvmTests.Outcome outcome = failing.join();
        assertFalse(outcome.passed());
        assertEquals(1, outcome.exitCode());
        assertTrue(outcome.tail(80).contains("this class fails on purpose"), outcome.tail(80));
    }

    @Test
    void aClassWithNoTestsDoesNotPass() {
        ChildJvmTests.Outcome outcome = empty.join();
        assertFalse(outcome.passed(), outcome.tail(40));
        assertEquals(1, outcome.exitCode());
    }

    @Test
    void aModuleWithoutFuzzTargetsHasNone() {
        assertEquals(List.of(), FuzzRuns.targetsBeside(ChildJvmTestsTest.class));
    }

    /** Run only in a child (surefire leaves nested classes out). */
    static class Passing {
        @Test
        void seesItsFlagAndEnvironment() {
            assertEquals("given", System.getProperty("mtflux.child.flag"));
            assertEquals("set", System.getenv("MTFLUX_CHILD_ENV"));
        }
    }

    /** Run only in a child (surefire leaves nested classes out). */
    static class Failing {
        @Test
        void fails() {
            throw new AssertionError("this class fails on purpose");
        }
    }
}
