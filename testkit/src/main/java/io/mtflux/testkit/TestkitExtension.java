package io.mtflux.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts one cluster per test class and injects it into test, lifecycle and constructor
 * parameters of type {@link TestCluster}; the cluster stops after the class.
 *
 * <pre>{@code
 * @ExtendWith(TestkitExtension.class)            // 3 DCs, no accounts
 * class LoginTest {
 *     @Test void logsIn(TestCluster cluster) { ... }
 * }
 *
 * class BotTest {                                 // or configured:
 *     @RegisterExtension
 *     static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().bot(TestBot.of("1:x")));
 * }
 * }</pre>
 */
public final class TestkitExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
        TestkitExtension.class);
    private static final String KEY = "cluster";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);

    private final Supplier<TestCluster.Builder> builder;

    /** The default cluster: {@code Testkit.cluster()}. */
    public TestkitExtension() {
        this(Testkit::cluster);
    }

    private TestkitExtension(Supplier<TestCluster.Builder> builder) {
        this.builder = builder;
    }

    /**
     * @param configured the cluster to start for each test class
     * @return the extension, for a {@code @RegisterExtension static} field
     */
    public static TestkitExtension of(TestCluster.Builder configured) {
        Objects.requireNonNull(configured, "configured");
        return new TestkitExtension(() -> configured);
    }

    /** The cluster of the class, started on first use. */
    private record Started(TestCluster cluster, String ownerId) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Started started = context.getStore(NAMESPACE).get(KEY, Started.class);
        if (started != null && started.ownerId().equals(context.getUniqueId())) {
            context.getStore(NAMESPACE).remove(KEY);
            started.cluster().stop().block(START_TIMEOUT);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster(context);
    }

    private TestCluster cluster(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        ExtensionContext owner = classContext;
        Started started = owner.getStore(NAMESPACE).getOrComputeIfAbsent(KEY,
            k -> new Started(builder.get().start().block(START_TIMEOUT), owner.getUniqueId()), Started.class);
        return started.cluster();
    }
}
