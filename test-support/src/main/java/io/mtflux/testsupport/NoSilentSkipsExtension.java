package io.mtflux.testsupport;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

/**
 * Under {@code CI=true}, turns an aborted test (a failed JUnit assumption, {@code Assumptions.abort}) into a failure,
 * unless its reason starts with {@value #NOT_APPLICABLE}: a test that needs a tool, a server or a permission the
 * machine lacks must fail the run, not skip it. A test that is really not applicable to what it runs against (the
 * store contract's corruption test on a store that holds objects, not data) says so with that prefix; the decision
 * must depend on what is tested, never on the machine. Registered for every test class, like
 * {@link NoLeaksExtension}, through JUnit's extension auto-detection. Outside CI, aborts stay skips (with their
 * reason in the report).
 */
public final class NoSilentSkipsExtension implements InvocationInterceptor {

    /** The prefix of the reason of an abort that is allowed under CI: the test does not apply to its subject. */
    public static final String NOT_APPLICABLE = "not applicable: ";

    private final boolean strict;

    /** Creates the extension (JUnit's service loader does): strict when the environment has {@code CI=true}. */
    public NoSilentSkipsExtension() {
        this("true".equalsIgnoreCase(System.getenv("CI")));
    }

    /**
     * Creates the extension.
     *
     * @param strict whether an abort that is not declared not applicable fails
     */
    NoSilentSkipsExtension(boolean strict) {
        this.strict = strict;
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext extensionContext) throws Throwable {
        guard(invocation, extensionContext);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        guard(invocation, extensionContext);
    }

    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        return guard(invocation, extensionContext);
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation,
                                         ReflectiveInvocationContext<Method> invocationContext,
                                         ExtensionContext extensionContext) throws Throwable {
        guard(invocation, extensionContext);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
                                          ReflectiveInvocationContext<Method> invocationContext,
                                          ExtensionContext extensionContext) throws Throwable {
        guard(invocation, extensionContext);
    }

    private <T> T guard(Invocation<T> invocation, ExtensionContext context) throws Throwable {
        try {
            return invocation.proceed();
        } catch (TestAbortedException aborted) {
            String reason = String.valueOf(aborted.getMessage());
            if (!strict || reason.startsWith(NOT_APPLICABLE)
                || reason.startsWith("Assumption failed: " + NOT_APPLICABLE)) {
                throw aborted;
            }
            AssertionError failure = new AssertionError(context.getDisplayName() + " was aborted under CI=true ("
                + reason + "): a test that lacks a tool or a server fails the run; one that does not apply to its"
                + " subject says so with a reason starting '" + NOT_APPLICABLE + "'");
            failure.initCause(aborted);
            throw failure;
        }
    }
}
