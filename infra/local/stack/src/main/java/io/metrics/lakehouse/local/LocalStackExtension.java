package io.metrics.lakehouse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests the real local stack, started once per test JVM and shared by
 * every test class in it (stopped by the stack's own shutdown hook when the JVM exits). Tests receive
 * {@link StackEndpoints} as a parameter, or call {@link #endpoints()} (e.g. for a static Dropwizard
 * test rule).
 *
 * <p>Its data lives in {@code target/local-stack} of the module under test (system property
 * {@value #DATA_DIR_PROPERTY} overrides), wiped at each start so tests see a fresh system; ports are
 * picked free so a developer's running stack is never disturbed.
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

    public static final String DATA_DIR_PROPERTY = "localstack.test.data-dir";

    private static LocalStack stack;
    private static RuntimeException startFailure;

    /** The shared stack's endpoints; starts it on first use. */
    public static synchronized StackEndpoints endpoints() {
        if (startFailure != null) {
            throw startFailure; // do not retry a start that failed: every class would wait minutes
        }
        if (stack == null) {
            try {
                stack = startFresh();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return stack.endpoints();
    }

    private static LocalStack startFresh() {
        Path dataDir = Path.of(System.getProperty(DATA_DIR_PROPERTY, "target/local-stack"));
        try {
            TestDirectories.deleteRecursively(dataDir);
            return LocalStack.start(LocalStackConfig.forTests(dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException("starting the local stack for tests: " + e.getMessage(), e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        endpoints();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == StackEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return endpoints();
    }
}
