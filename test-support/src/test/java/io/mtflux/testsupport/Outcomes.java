package io.mtflux.testsupport;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a test class through a JUnit launcher of its own and keeps the outcome of each test and container by display
 * name: a test of an extension asserts on the extension's verdict about a class that misbehaves on purpose,
 * without being that failing class itself.
 */
final class Outcomes {
    private final Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();

    private Outcomes() {
    }

    /** Runs the class with the extensions JUnit auto-detects (every one this build registers). */
    static Outcomes of(Class<?> testClass) {
        return of(true, testClass);
    }

    /** Runs the classes with or without the auto-detected extensions (without: only those they register). */
    static Outcomes of(boolean autodetect, Class<?>... testClasses) {
        Outcomes outcomes = new Outcomes();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
            .selectors(Arrays.stream(testClasses).map(c -> selectClass(c)).toList())
            .configurationParameter("junit.jupiter.extensions.autodetection.enabled", Boolean.toString(autodetect))
            .build();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                outcomes.results.put(id.getDisplayName(), result);
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                outcomes.results.put(id.getDisplayName(), TestExecutionResult.aborted(new IllegalStateException(
                    "skipped: " + reason)));
            }
        });
        return outcomes;
    }

    /** The outcome of the test or container with this display name (a method's is {@code name()}). */
    TestExecutionResult of(String displayName) {
        TestExecutionResult r = results.get(displayName);
        if (r == null) {
            throw new AssertionError("no outcome for " + displayName + " in " + results.keySet());
        }
        return r;
    }
}
