package io.metrics.lakehouse.launcher;

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
 * One of the product's Dropwizard services run as its own JVM from its runnable jar, exactly as it is
 * deployed ({@code java -jar <service>.jar server <config.yml>}), with its settings passed as the
 * environment variables its YAML reads. Ready when its admin health check reports every check healthy.
 */
final class ServiceProcess implements LaunchedProcess {

    private final ChildProcess process;
    private final String name;
    private final int port;
    private final int adminPort;

    private ServiceProcess(ChildProcess process, String name, int port, int adminPort) {
        this.process = process;
        this.name = name;
        this.port = port;
        this.adminPort = adminPort;
    }

    /** How to start one service. */
    record Spec(String name, Path jar, Path config, String heap, int port, int adminPort, Map<String, String> env) {
    }

    static ServiceProcess start(Spec spec, Path dataDir) throws IOException {
        if (!Files.isRegularFile(spec.jar())) {
            throw new IllegalStateException(spec.name() + ": runnable jar not found at " + spec.jar().toAbsolutePath()
                    + " (build first: ./mvnw -DskipTests package)");
        }
        Path home = dataDir.resolve(spec.name());
        Path tmp = home.resolve("tmp");
        Files.createDirectories(tmp);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx" + spec.heap(), "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + tmp, "-jar", spec.jar().toAbsolutePath().toString(),
                "server", spec.config().toAbsolutePath().toString());
        ChildProcess process = ChildProcess.start(spec.name(), command, home, spec.env(),
                dataDir.resolve("logs").resolve(spec.name() + ".log"), home.resolve(spec.name() + ".pid"),
                tmp.toString());
        ServiceProcess service = new ServiceProcess(process, spec.name(), spec.port(), spec.adminPort());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI health = URI.create("http://127.0.0.1:" + spec.adminPort() + "/healthcheck");
        try {
            Await.until(spec.name() + " to report healthy on " + health, Duration.ofSeconds(120),
                    () -> http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200,
                    process::isAlive, () -> "Last lines of " + process.logFile() + ":" + System.lineSeparator()
                            + process.logTail(30));
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    @Override
    public String describe() {
        return String.format("  %-16s http://127.0.0.1:%d  (admin http://127.0.0.1:%d: /healthcheck, /metrics/prometheus)",
                name, port, adminPort);
    }

    @Override
    public void close() {
        process.close();
    }
}
