package io.mtflux.store.file;

import io.mtflux.testsupport.FuzzRuns;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Fuzzing in every run: each fuzz target of this module ({@code *FuzzTest}) replays its inputs and fuzzes for
 * {@code mtflux.fuzz.seconds} in a JVM of its own (the root pom and core/README.md, "Fuzzing").
 */
class FuzzingTest {

    @TestFactory
    Stream<DynamicTest> everyTargetFuzzes() {
        return FuzzRuns.everyTargetOf(FuzzingTest.class);
    }
}
