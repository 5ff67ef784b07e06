package io.mtflux.testsupport;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Fuzzing in every run, for the module of the test class that extends this one (each module with fuzz targets has
 * one, {@code FuzzingTest}): each of the module's {@code *FuzzTest} targets replays its inputs and fuzzes for
 * {@code mtflux.fuzz.seconds} in a JVM of its own ({@link FuzzRuns}; the root pom and core/README.md, "Fuzzing").
 */
public abstract class ModuleFuzzing {

    /** For the module's test class. */
    protected ModuleFuzzing() {
    }

    /**
     * One dynamic test per fuzz target beside the extending class.
     *
     * @return the targets' runs
     */
    @TestFactory
    protected Stream<DynamicTest> everyTargetFuzzes() {
        return FuzzRuns.everyTargetOf(getClass());
    }
}
