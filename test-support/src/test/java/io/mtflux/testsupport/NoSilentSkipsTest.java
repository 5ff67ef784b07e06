package io.mtflux.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestExecutionResult.Status;

/**
 * Proves the guard: under CI an abort fails unless it is declared not applicable; outside CI it stays a skip. The
 * classes run without auto-detection (the guard the environment chose would wrap the one under test).
 */
class NoSilentSkipsTest {
    private static Outcomes outcomes;

    @BeforeAll
    static void runTheClasses() {
        outcomes = Outcomes.of(false, Strict.class, StrictBeforeAll.class, Lenient.class);
    }

    @Test
    void underCiAMissingToolFailsAndANotApplicableTestIsSkipped() {
        TestExecutionResult missing = outcomes.of("missingTool()");
        assertThat(missing.getStatus()).isEqualTo(Status.FAILED);
        assertThat(missing.getThrowable()).get().isInstanceOf(AssertionError.class)
            .extracting(Throwable::getMessage).asString().contains("aborted under CI=true (no danted here)");
        assertThat(outcomes.of("failedAssumption()").getStatus()).isEqualTo(Status.FAILED);
        assertThat(outcomes.of("notApplicable()").getStatus()).isEqualTo(Status.ABORTED);
        assertThat(outcomes.of("notApplicableAssumption()").getStatus()).isEqualTo(Status.ABORTED);
        assertThat(outcomes.of("passes()").getStatus()).isEqualTo(Status.SUCCESSFUL);
    }

    @Test
    void underCiABeforeAllThatAbortsFailsTheClass() {
        TestExecutionResult r = outcomes.of("NoSilentSkipsTest$StrictBeforeAll");
        assertThat(r.getStatus()).isEqualTo(Status.FAILED);
    }

    @Test
    void outsideCiAnAbortStaysASkip() {
        assertThat(outcomes.of("missingToolOutsideCi()").getStatus()).isEqualTo(Status.ABORTED);
    }

    /** Run only through {@link Outcomes}. */
    static class Strict {
        @RegisterExtension
        static final NoSilentSkipsExtension GUARD = new NoSilentSkipsExtension(true);

        @Test
        void missingTool() {
            Assumptions.abort("no danted here");
        }

        @Test
        void failedAssumption() {
            Assumptions.assumeTrue(false, "no redis-server");
        }

        @Test
        void notApplicable() {
            Assumptions.abort(NoSilentSkipsExtension.NOT_APPLICABLE + "a store of objects cannot be corrupted");
        }

        @Test
        void notApplicableAssumption() {
            Assumptions.assumeTrue(false, NoSilentSkipsExtension.NOT_APPLICABLE + "the store has no leases");
        }

        @Test
        void passes() {
            assertThat(1).isOne();
        }
    }

    /** Run only through {@link Outcomes}. */
    static class StrictBeforeAll {
        @RegisterExtension
        static final NoSilentSkipsExtension GUARD = new NoSilentSkipsExtension(true);

        @BeforeAll
        static void startServer() {
            Assumptions.abort("microsocks is missing");
        }

        @Test
        void usesTheServer() {
            assertThat(1).isOne();
        }
    }

    /** Run only through {@link Outcomes}. */
    static class Lenient {
        @RegisterExtension
        static final NoSilentSkipsExtension GUARD = new NoSilentSkipsExtension(false);

        @Test
        void missingToolOutsideCi() {
            Assumptions.abort("no danted here");
        }
    }
}
