package io.metrics.lakehouse.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metrics.lakehouse.local.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged launcher ({@code java -jar target/local-launcher.jar} and its lib/, so packaging mistakes
 * fail) started as a user starts it, on free 127.0.0.1 ports, plus the HTTP and SQL helpers the
 * end-to-end tests and benchmarks use against it. Runs from the module directory (failsafe's and the
 * bench scripts' working directory).
 */
final class LaunchedProduct {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TRINO_JDBC = Pattern.compile("JDBC (jdbc:trino://127\\.0\\.0\\.1:\\d+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The ports of one product: all free when picked, reused across restarts of that product. */
    record Ports(int trino, int kafka, int kafkaController, int s3, int postgres, int gateway, int gatewayAdmin,
            int query, int queryAdmin, int speedLayerMetrics) {

        static Ports free() throws IOException {
            return new Ports(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
                    FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next());
        }
    }

    private final Process process;
    private final Path outputFile;
    private final String trinoJdbcUrl;
    private final Ports ports;

    private LaunchedProduct(Process process, Path outputFile, String trinoJdbcUrl, Ports ports) {
        this.process = process;
        this.outputFile = outputFile;
        this.trinoJdbcUrl = trinoJdbcUrl;
        this.ports = ports;
    }

    /** The options every test launch shares (data dir, ports, Trino heap, repository root) plus {@code extra}. */
    static List<String> args(Path dataDir, Ports ports, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--data-dir", dataDir.toString(),
                "--trino-port", Integer.toString(ports.trino()),
                "--kafka-port", Integer.toString(ports.kafka()),
                "--kafka-controller-port", Integer.toString(ports.kafkaController()),
                "--s3-port", Integer.toString(ports.s3()),
                "--postgres-port", Integer.toString(ports.postgres()),
                "--trino-heap", "1536m",
                "--home", Path.of("../../..").toAbsolutePath().normalize().toString(),
                "--gateway-port", Integer.toString(ports.gateway()),
                "--gateway-admin-port", Integer.toString(ports.gatewayAdmin()),
                "--query-port", Integer.toString(ports.query()),
                "--query-admin-port", Integer.toString(ports.queryAdmin()),
                "--speed-layer-metrics-port", Integer.toString(ports.speedLayerMetrics())));
        args.addAll(List.of(extra));
        return args;
    }

    /** Starts the launcher and waits for its ready line; its output goes to {@code outputFile}. */
    static LaunchedProduct launch(Ports ports, List<String> args, Path outputFile) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-jar", Path.of("target/local-launcher.jar").toAbsolutePath().toString()));
        command.addAll(args);
        Files.deleteIfExists(outputFile);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(outputFile.toFile())
                .start();
        // Generous: on a shared 2-core machine Trino alone has taken 150 s to start.
        long deadline = System.currentTimeMillis() + 480_000;
        List<String> output = List.of();
        while (process.isAlive() && System.currentTimeMillis() < deadline
                && output.stream().noneMatch(l -> l.startsWith(LocalLauncher.READY_LINE))) {
            Thread.sleep(500);
            output = Files.readAllLines(outputFile);
        }
        List<String> seen = output;
        if (seen.stream().noneMatch(l -> l.startsWith(LocalLauncher.READY_LINE))) {
            process.destroyForcibly();
            throw new AssertionError("launcher never became ready:\n" + String.join("\n", seen));
        }
        String url = seen.stream().map(TRINO_JDBC::matcher).filter(Matcher::find).map(m -> m.group(1))
                .findFirst().orElseThrow(() -> new AssertionError("no Trino JDBC URL printed: " + seen));
        return new LaunchedProduct(process, outputFile, url, ports);
    }

    String trinoJdbcUrl() {
        return trinoJdbcUrl;
    }

    Ports ports() {
        return ports;
    }

    List<String> output() throws IOException {
        return Files.readAllLines(outputFile);
    }

    /** SIGTERM, as Ctrl-C. */
    void stop() throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), "launcher did not stop within 90 s");
    }

    /** GET on the query-service (or another port) that must answer 200 with JSON. */
    static JsonNode getJson(int port, String path) throws Exception {
        HttpResponse<String> response = get(port, path);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postJson(int port, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** One point through the gateway's push API; fails unless the gateway accepted it. */
    void ingest(String metric, long timestampMs, double value, String host) throws Exception {
        HttpResponse<String> pushed = postJson(ports.gateway(), "/v1/ingest", "{\"metric\":\"" + metric + "\",\"points\":"
                + "[{\"timestamp\":" + timestampMs + ",\"value\":" + value + ",\"tags\":{\"host\":\"" + host + "\"}}]}");
        assertEquals(200, pushed.statusCode(), pushed.body());
        assertEquals(1, JSON.readTree(pushed.body()).get("accepted").asInt(), pushed.body());
    }

    static List<String> column(Statement s, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** Polls until the query returns at least one row (the speed layer commits every trigger). */
    static List<String> awaitRows(Statement s, String sql, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        List<String> rows = column(s, sql);
        while (rows.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(1000);
            rows = column(s, sql);
        }
        return rows;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!dir.toFile().exists()) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
