package io.metrics.lakehouse.launcher;

import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.local.process.Await;
import io.metrics.lakehouse.local.process.ChildProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
        SparkModule module = SparkModule.of(spec.home(), NAME, "io.metrics.lakehouse.speed.SpeedLayerApp");
        Path dataDir = endpoints.dataDir();
        Path home = dataDir.resolve(NAME);
        Path tmp = home.resolve("tmp");
        Files.createDirectories(tmp);
        Path catalogConfig = SparkModule.writeCatalogConfig(home.resolve("catalog.properties"), endpoints);
        List<String> command = module.command(spec.heap(), tmp, List.of("run", "--local",
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
