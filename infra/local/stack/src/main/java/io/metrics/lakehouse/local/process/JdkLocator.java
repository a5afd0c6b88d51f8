package io.metrics.lakehouse.local.process;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds a JDK of at least a given feature version. Trino 476 needs Java 24+ while the rest of the
 * product runs on 17, so the stack looks for a second JDK: an explicit path, then the environment
 * variables {@value #ENV_TRINO_JAVA_HOME} and {@code JAVA_HOME}, then the JDKs under /usr/lib/jvm.
 */
public final class JdkLocator {

    public static final String ENV_TRINO_JAVA_HOME = "TRINO_JAVA_HOME";
    private static final List<Path> SEARCH_ROOTS = List.of(Path.of("/usr/lib/jvm"), Path.of("/opt/java"));

    private JdkLocator() {
    }

    public static Path locate(int minimumFeature, Optional<Path> explicit) {
        if (explicit.isPresent()) {
            return require(explicit.get(), minimumFeature, "the configured Trino Java home");
        }
        String fromEnv = System.getenv(ENV_TRINO_JAVA_HOME);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return require(Path.of(fromEnv), minimumFeature, ENV_TRINO_JAVA_HOME);
        }
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && featureVersion(Path.of(javaHome)).orElse(0) >= minimumFeature) {
            return Path.of(javaHome);
        }
        return SEARCH_ROOTS.stream()
                .filter(Files::isDirectory)
                .flatMap(JdkLocator::children)
                .filter(home -> featureVersion(home).orElse(0) >= minimumFeature)
                .max(Comparator.comparingInt(home -> featureVersion(home).orElse(0)))
                .orElseThrow(() -> new IllegalStateException(
                        "Trino needs a JDK " + minimumFeature + " or newer and none was found under " + SEARCH_ROOTS
                                + ". Install one (e.g. Temurin 25) and/or set " + ENV_TRINO_JAVA_HOME
                                + " to its home directory."));
    }

    private static Path require(Path home, int minimumFeature, String source) {
        int feature = featureVersion(home).orElseThrow(() -> new IllegalStateException(
                source + " = " + home + " is not a JDK (no bin/java and release file)"));
        if (feature < minimumFeature) {
            throw new IllegalStateException(source + " = " + home + " is Java " + feature + "; Trino needs "
                    + minimumFeature + " or newer");
        }
        return home;
    }

    /** The feature version from the JDK's {@code release} file, e.g. 25 for JAVA_VERSION="25.0.1". */
    static Optional<Integer> featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(release)) {
            props.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        String version = props.getProperty("JAVA_VERSION", "").replace("\"", "");
        String feature = version.split("[.+-]")[0];
        try {
            return Optional.of(Integer.parseInt(feature));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Stream<Path> children(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.toAbsolutePath()).toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
