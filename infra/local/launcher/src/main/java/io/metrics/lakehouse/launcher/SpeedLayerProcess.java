package io.metrics.lakehouse.launcher;

import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.local.process.Await;
import io.metrics.lakehouse.local.process.ChildProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The speed layer (Spark Structured Streaming, local mode) as its own JVM, started from the module's
 * jar and the class path its build wrote ({@code speed-layer/target/runtime-classpath.txt}): the same
 * {@code SpeedLayerApp run} a cluster runs through spark-submit, with its checkpoint under the data
 * directory so that a restart resumes where it stopped. Ready when its metrics endpoint answers (the
 * SparkSession is up and the query is starting).
 */
final class SpeedLayerProcess implements LaunchedProcess {

    static final String NAME = "speed-layer";

    private final ChildProcess process;
    private final int metricsPort;
    private final String trigger;

    private SpeedLayerProcess(ChildProcess process, int metricsPort, String trigger) {
        this.process = process;
        this.metricsPort = metricsPort;
        this.trigger = trigger;
    }

    /** How to run the job. */
    record Spec(Path home, String heap, int metricsPort, String trigger) {
    }

    static SpeedLayerProcess start(Spec spec, StackEndpoints endpoints) throws IOException {
        Properties build = buildProperties();
        Path moduleTarget = spec.home().resolve("speed-layer/target");
        Path jar = moduleTarget.resolve("speed-layer-" + build.getProperty("project.version") + ".jar");
        Path classpathFile = moduleTarget.resolve("runtime-classpath.txt");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException(NAME + ": " + jar + " or " + classpathFile
                    + " not found (build first: ./mvnw -DskipTests package)");
        }
        Path dataDir = endpoints.dataDir();
        Path home = dataDir.resolve(NAME);
        Path tmp = home.resolve("tmp");
        Files.createDirectories(tmp);
        Path catalogConfig = writeCatalogConfig(home.resolve("catalog.properties"), endpoints);

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + spec.heap(), "-XX:+UseG1GC", "-Djava.io.tmpdir=" + tmp));
        command.addAll(Arrays.asList(build.getProperty("spark.jvm.options").trim().split("\\s+")));
        command.addAll(List.of(
                "-cp", jar.toAbsolutePath() + ":" + Files.readString(classpathFile).trim(),
                "io.metrics.lakehouse.speed.SpeedLayerApp", "run", "--local",
                "--catalog-config", catalogConfig.toAbsolutePath().toString(),
                "--kafka-bootstrap-servers", endpoints.kafkaBootstrapServers(),
                "--checkpoint", home.resolve("checkpoint").toAbsolutePath().toString(),
                "--trigger", spec.trigger(),
                "--metrics-port", Integer.toString(spec.metricsPort())));
        ChildProcess process = ChildProcess.start(NAME, command, home,
                Map.of("SPARK_LOCAL_IP", "127.0.0.1"),
                dataDir.resolve("logs").resolve(NAME + ".log"), home.resolve(NAME + ".pid"), tmp.toString());
        SpeedLayerProcess job = new SpeedLayerProcess(process, spec.metricsPort(), spec.trigger());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI metrics = URI.create("http://127.0.0.1:" + spec.metricsPort() + "/metrics");
        try {
            Await.until(NAME + " to serve its metrics on " + metrics, Duration.ofSeconds(180),
                    () -> http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200,
                    process::isAlive, () -> "Last lines of " + process.logFile() + ":" + System.lineSeparator()
                            + process.logTail(30));
        } catch (RuntimeException e) {
            job.close();
            throw e;
        }
        return job;
    }

    /** The catalog's properties include the database password: readable by the owner only. */
    private static Path writeCatalogConfig(Path file, StackEndpoints endpoints) throws IOException {
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
        try (InputStream in = SpeedLayerProcess.class.getResourceAsStream("launcher.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    @Override
    public String describe() {
        return String.format("  %-16s Spark local[2], trigger %s  (metrics http://127.0.0.1:%d/metrics)",
                NAME, trigger, metricsPort);
    }

    @Override
    public void close() {
        process.close();
    }
}
