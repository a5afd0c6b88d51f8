package io.metrics.lakehouse.launcher;

import io.metrics.lakehouse.local.StackEndpoints;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * One of the product's Spark applications (speed-layer, batch-jobs) as the launcher runs it: the
 * module's jar plus the class path its build wrote ({@code <module>/target/runtime-classpath.txt}, jars
 * in the local Maven repository), Spark's JVM module options from the parent pom, local mode, and the
 * local stack's Iceberg catalog in a properties file.
 */
final class SparkModule {

    private final String name;
    private final Path jar;
    private final Path classpathFile;
    private final String mainClass;

    private SparkModule(String name, Path jar, Path classpathFile, String mainClass) {
        this.name = name;
        this.jar = jar;
        this.classpathFile = classpathFile;
        this.mainClass = mainClass;
    }

    static SparkModule of(Path home, String module, String mainClass) {
        Path target = home.resolve(module).resolve("target");
        Path jar = target.resolve(module + "-" + buildProperties().getProperty("project.version") + ".jar");
        Path classpathFile = target.resolve("runtime-classpath.txt");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException(module + ": " + jar + " or " + classpathFile
                    + " not found (build first: ./mvnw -DskipTests package)");
        }
        return new SparkModule(module, jar, classpathFile, mainClass);
    }

    String name() {
        return name;
    }

    /** {@code java <heap> <Spark module options> -cp <jar:classpath> <main class> <arguments>}. */
    List<String> command(String heap, Path tmp, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseG1GC", "-Djava.io.tmpdir=" + tmp));
        command.addAll(Arrays.asList(buildProperties().getProperty("spark.jvm.options").trim().split("\\s+")));
        command.addAll(List.of("-cp", jar.toAbsolutePath() + ":" + Files.readString(classpathFile).trim(), mainClass));
        command.addAll(arguments);
        return command;
    }

    /** The catalog's properties include the database password: readable by the owner only. */
    static Path writeCatalogConfig(Path file, StackEndpoints endpoints) throws IOException {
        Properties properties = new Properties();
        properties.putAll(endpoints.icebergCatalogProperties());
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "Iceberg catalog of the local stack (written by the launcher at every start)");
        }
        return file;
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = SparkModule.class.getResourceAsStream("launcher.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
