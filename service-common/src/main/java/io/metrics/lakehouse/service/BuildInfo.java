package io.metrics.lakehouse.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Name and version of a service's build, read from the {@code build-info.properties} that Maven
 * filters into the service's package, so the value is the same from the fat jar, an IDE or the tests.
 */
public record BuildInfo(String service, String version) {

    private static final String FILE = "build-info.properties";

    /** Reads {@code build-info.properties} from the package of {@code anchor}. */
    public static BuildInfo load(Class<?> anchor) {
        String resource = "/" + anchor.getPackageName().replace('.', '/') + "/" + FILE;
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            Properties properties = new Properties();
            properties.load(in);
            return new BuildInfo(
                    properties.getProperty("service", "unknown"),
                    properties.getProperty("version", "unknown"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
