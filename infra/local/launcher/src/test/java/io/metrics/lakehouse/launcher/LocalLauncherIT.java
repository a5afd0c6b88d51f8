package io.metrics.lakehouse.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The run command, exercised as a user runs it: {@code java -jar target/local-launcher.jar} (the packaged
 * jar and its lib/, so packaging mistakes fail here), which
 * must print its endpoints, serve the Iceberg tables through Trino, stop cleanly on SIGTERM (Ctrl-C),
 * and find its data again on the next start.
 *
 * <p>This test starts its own stack on purpose: the launcher is the thing under test.
 */
class LocalLauncherIT {

    private static final Pattern TRINO_JDBC = Pattern.compile("JDBC (jdbc:trino://127\\.0\\.0\\.1:\\d+)");

    @Test
    void startsPrintsEndpointsStopsOnSigtermAndKeepsDataAcrossRestarts() throws Exception {
        Path dataDir = Path.of("target/launcher-test-data").toAbsolutePath();
        deleteRecursively(dataDir);
        int gatewayPort = freePort();
        int queryPort = freePort();
        List<String> args = List.of(
                "--data-dir", dataDir.toString(),
                "--trino-port", Integer.toString(freePort()),
                "--kafka-port", Integer.toString(freePort()),
                "--kafka-controller-port", Integer.toString(freePort()),
                "--s3-port", Integer.toString(freePort()),
                "--postgres-port", Integer.toString(freePort()),
                "--trino-heap", "1536m",
                "--home", Path.of("../../..").toAbsolutePath().normalize().toString(),
                "--gateway-port", Integer.toString(gatewayPort),
                "--gateway-admin-port", Integer.toString(freePort()),
                "--query-port", Integer.toString(queryPort),
                "--query-admin-port", Integer.toString(freePort()),
                "--speed-layer-metrics-port", Integer.toString(freePort()),
                "--speed-layer-trigger", "1s",
                "--batch-first-check-seconds", "1");
        // The hour the in-process batch schedule rolls up first (the last hour past its grace period).
        Instant batchHour = Instant.now().minus(BatchSchedule.HOUR_GRACE_MINUTES, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);

        Launched first = launch(args, dataDir.resolveSibling("launcher-first-run.out"));
        List<String> tablesFirstRun;
        try {
            assertTrue(first.output().stream().anyMatch(l -> l.contains("raw_points") && l.contains("CREATED")),
                    "first start creates the tables: " + first.output());
            // The services run from their jars and answer on the printed ports.
            assertTrue(first.output().stream().anyMatch(l -> l.contains("ingest-gateway")
                    && l.contains("http://127.0.0.1:" + gatewayPort)), "gateway endpoint printed: " + first.output());
            assertEquals("ingest-gateway", json(gatewayPort, "/v1/status").get("service").asText());
            assertEquals("query-service", json(queryPort, "/v1/status").get("service").asText());
            // The gateway is wired to Kafka and the control plane: a push is acknowledged.
            HttpResponse<String> pushed = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/v1/ingest"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"metric\":\"launcher.probe\",\"points\":"
                                    + "[{\"timestamp\":" + System.currentTimeMillis() + ",\"value\":1.5,"
                                    + "\"tags\":{\"host\":\"h1\"}}]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, pushed.statusCode(), pushed.body());
            assertEquals(1, new ObjectMapper().readTree(pushed.body()).get("accepted").asInt());
            // A point of the hour the batch schedule rolls up (at the next start: it must be in raw first).
            HttpResponse<String> late = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/v1/ingest"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"metric\":\"launcher.batch.probe\","
                                    + "\"points\":[{\"timestamp\":" + batchHour.plus(30, ChronoUnit.MINUTES).toEpochMilli()
                                    + ",\"value\":7.25,\"tags\":{\"host\":\"h1\"}}]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, late.statusCode(), late.body());
            try (Connection trino = DriverManager.getConnection(first.trinoJdbcUrl, "test", null);
                 Statement s = trino.createStatement()) {
                // ... and the speed layer makes it queryable: gateway -> Kafka -> Spark -> Iceberg -> Trino.
                // (raw and rollup are two commits of a micro-batch: wait for both)
                assertEquals(List.of("h1|1.50|1.50"), awaitRows(s, "SELECT element_at(r.tags, 'host') || '|'"
                        + " || format('%.2f', r.value) || '|' || format('%.2f', m.sum)"
                        + " FROM iceberg.metrics.raw_points r JOIN iceberg.metrics.speed_rollup_1m m"
                        + " ON m.series_id = r.series_id WHERE r.metric = 'launcher.probe'", 180));
                assertEquals(List.of("1"), awaitRows(s, "SELECT CAST(count(*) AS varchar) FROM iceberg.metrics.raw_points"
                        + " WHERE metric = 'launcher.batch.probe' HAVING count(*) > 0", 120));
                tablesFirstRun = column(s, "SHOW TABLES FROM iceberg.metrics");
                s.execute("INSERT INTO iceberg.metrics.raw_points (metric, series_id, tags, ts, value)"
                        + " VALUES ('launcher.restart.probe', 42, MAP(ARRAY['host'], ARRAY['h1']),"
                        + " TIMESTAMP '2026-11-25 12:00:00 UTC', 12.5)");
            }
        } finally {
            first.stop();
        }
        assertEquals(List.of("raw_points", "rollup_1h", "rollup_1m", "rollup_partition_log", "speed_rollup_1m"),
                sorted(tablesFirstRun));
        assertTrue(first.output().contains("Stopped."), "clean shutdown on SIGTERM: " + first.output());

        Launched second = launch(args, dataDir.resolveSibling("launcher-second-run.out"));
        try {
            // A backfill requested through query-service: without Airflow the batch schedule runs it.
            HttpResponse<String> requested = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort + "/v1/backfills"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"start\":\"" + batchHour + "\",\"end\":\""
                                    + batchHour.plus(1, ChronoUnit.HOURS) + "\",\"metric_prefix\":\"launcher.\","
                                    + "\"force\":true}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, requested.statusCode(), requested.body());
            String backfillId = new ObjectMapper().readTree(requested.body()).get("id").asText();
            assertTrue(second.output().stream().anyMatch(l -> l.contains("raw_points") && l.contains("UNCHANGED")),
                    "second start finds the tables: " + second.output());
            try (Connection trino = DriverManager.getConnection(second.trinoJdbcUrl, "test", null);
                 Statement s = trino.createStatement()) {
                assertEquals(List.of("launcher.restart.probe|42|h1|12.50"), column(s,
                        "SELECT metric || '|' || CAST(series_id AS varchar) || '|' || element_at(tags, 'host') || '|'"
                                + " || format('%.2f', value) FROM iceberg.metrics.raw_points"
                                + " WHERE metric = 'launcher.restart.probe'"));
                // The batch schedule rolled that hour up from raw and logged the partition complete.
                assertEquals(List.of("1|7.25"), awaitRows(s, "SELECT CAST(count AS varchar) || '|' || format('%.2f', sum)"
                        + " FROM iceberg.metrics.rollup_1m WHERE metric = 'launcher.batch.probe'", 300));
                assertEquals(List.of("1m|" + batchHour.getEpochSecond()), column(s, "SELECT DISTINCT granularity || '|'"
                        + " || CAST(CAST(to_unixtime(partition_start) AS bigint) AS varchar)"
                        + " FROM iceberg.metrics.rollup_partition_log"
                        + " WHERE partition_start = from_iso8601_timestamp('" + batchHour + "')"));
                // The backfill ran: success, and its hour logged complete after the request.
                JsonNode backfill = awaitBackfill(queryPort, backfillId, 480);
                assertEquals("success", backfill.get("state").asText(), backfill.toString());
                assertEquals(1, backfill.get("progress").get("1m").get("partitions_complete").asInt(), backfill.toString());
                // The restarted speed layer resumes from its checkpoint: the pushed point is not read twice.
                Thread.sleep(5_000);
                assertEquals(List.of("1"), column(s,
                        "SELECT CAST(count(*) AS varchar) FROM iceberg.metrics.raw_points WHERE metric = 'launcher.probe'"));
            }
        } finally {
            second.stop();
        }
    }

    private record Launched(Process process, Path outputFile, String trinoJdbcUrl) {
        void stop() throws InterruptedException {
            process.destroy(); // SIGTERM, as Ctrl-C
            assertTrue(process.waitFor(90, TimeUnit.SECONDS), "launcher did not stop within 90 s");
        }

        List<String> output() throws IOException {
            return Files.readAllLines(outputFile);
        }
    }

    private static Launched launch(List<String> args, Path outputFile) throws Exception {
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
        return new Launched(process, outputFile, url);
    }

    private static JsonNode json(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return new ObjectMapper().readTree(response.body());
    }

    private static List<String> column(Statement s, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** Polls GET /v1/backfills/{id} until its state is final. */
    private static JsonNode awaitBackfill(int port, String id, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        JsonNode backfill = json(port, "/v1/backfills/" + id);
        while (!List.of("success", "failed").contains(backfill.get("state").asText())
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(2000);
            backfill = json(port, "/v1/backfills/" + id);
        }
        return backfill;
    }

    /** Polls until the query returns at least one row (the speed layer commits every trigger). */
    private static List<String> awaitRows(Statement s, String sql, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        List<String> rows = column(s, sql);
        while (rows.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(1000);
            rows = column(s, sql);
        }
        return rows;
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
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
