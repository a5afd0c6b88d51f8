package io.metrics.lakehouse.launcher;

import static io.metrics.lakehouse.launcher.LaunchedProduct.awaitRows;
import static io.metrics.lakehouse.launcher.LaunchedProduct.column;
import static io.metrics.lakehouse.launcher.LaunchedProduct.deleteRecursively;
import static io.metrics.lakehouse.launcher.LaunchedProduct.getJson;
import static io.metrics.lakehouse.launcher.LaunchedProduct.postJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The run command, exercised as a user runs it ({@link LaunchedProduct}), which must print its endpoints,
 * serve the Iceberg tables through Trino, stop cleanly on SIGTERM (Ctrl-C), and find its data again on
 * the next start.
 *
 * <p>This test starts its own stack on purpose: the launcher is the thing under test.
 */
class LocalLauncherIT {

    @Test
    void startsPrintsEndpointsStopsOnSigtermAndKeepsDataAcrossRestarts() throws Exception {
        Path dataDir = Path.of("target/launcher-test-data").toAbsolutePath();
        deleteRecursively(dataDir);
        LaunchedProduct.Ports ports = LaunchedProduct.Ports.free();
        int gatewayPort = ports.gateway();
        int queryPort = ports.query();
        List<String> args = LaunchedProduct.args(dataDir, ports, "--speed-layer-trigger", "1s",
                "--batch-first-check-seconds", "1");
        // The hour the in-process batch schedule rolls up first (the last hour past its grace period).
        Instant batchHour = Instant.now().minus(BatchSchedule.HOUR_GRACE_MINUTES, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);

        LaunchedProduct first = LaunchedProduct.launch(ports, args, dataDir.resolveSibling("launcher-first-run.out"));
        List<String> tablesFirstRun;
        try {
            assertTrue(first.output().stream().anyMatch(l -> l.contains("raw_points") && l.contains("CREATED")),
                    "first start creates the tables: " + first.output());
            // The services run from their jars and answer on the printed ports.
            assertTrue(first.output().stream().anyMatch(l -> l.contains("ingest-gateway")
                    && l.contains("http://127.0.0.1:" + gatewayPort)), "gateway endpoint printed: " + first.output());
            assertEquals("ingest-gateway", getJson(gatewayPort, "/v1/status").get("service").asText());
            assertEquals("query-service", getJson(queryPort, "/v1/status").get("service").asText());
            // The gateway is wired to Kafka and the control plane: a push is acknowledged.
            first.ingest("launcher.probe", System.currentTimeMillis(), 1.5, "h1");
            // A point of the hour the batch schedule rolls up (at the next start: it must be in raw first).
            first.ingest("launcher.batch.probe", batchHour.plus(30, ChronoUnit.MINUTES).toEpochMilli(), 7.25, "h1");
            try (Connection trino = DriverManager.getConnection(first.trinoJdbcUrl(), "test", null);
                 Statement s = trino.createStatement()) {
                // ... and the speed layer makes it queryable: gateway -> Kafka -> Spark -> Iceberg -> Trino.
                // (raw and rollup are two commits of a micro-batch: wait for both)
                // Tags are in series, registered by the speed layer before the point.
                assertEquals(List.of("h1|1.50|1.50"), awaitRows(s, "SELECT element_at(t.tags, 'host') || '|'"
                        + " || format('%.2f', r.value) || '|' || format('%.2f', m.sum)"
                        + " FROM iceberg.metrics.raw_points r JOIN iceberg.metrics.speed_rollup_1m m"
                        + " ON m.series_id = r.series_id JOIN iceberg.metrics.series t"
                        + " ON t.metric = r.metric AND t.series_id = r.series_id WHERE r.metric = 'launcher.probe'", 180));
                assertEquals(List.of("1"), awaitRows(s, "SELECT CAST(count(*) AS varchar) FROM iceberg.metrics.raw_points"
                        + " WHERE metric = 'launcher.batch.probe' HAVING count(*) > 0", 120));
                tablesFirstRun = column(s, "SHOW TABLES FROM iceberg.metrics");
                s.execute("INSERT INTO iceberg.metrics.raw_points (metric, series_id, ts, value)"
                        + " VALUES ('launcher.restart.probe', 42, TIMESTAMP '2026-11-25 12:00:00 UTC', 12.5)");
            }
        } finally {
            first.stop();
        }
        assertEquals(List.of("raw_points", "rollup_1h", "rollup_1m", "rollup_partition_log", "series", "speed_rollup_1m"),
                sorted(tablesFirstRun));
        assertTrue(first.output().contains("Stopped."), "clean shutdown on SIGTERM: " + first.output());

        LaunchedProduct second = LaunchedProduct.launch(ports, args, dataDir.resolveSibling("launcher-second-run.out"));
        try {
            // A backfill requested through query-service: without Airflow the batch schedule runs it.
            HttpResponse<String> requested = postJson(queryPort, "/v1/backfills", "{\"start\":\"" + batchHour
                    + "\",\"end\":\"" + batchHour.plus(1, ChronoUnit.HOURS) + "\",\"metric_prefix\":\"launcher.\","
                    + "\"force\":true}");
            assertEquals(202, requested.statusCode(), requested.body());
            String backfillId = LaunchedProduct.JSON.readTree(requested.body()).get("id").asText();
            assertTrue(second.output().stream().anyMatch(l -> l.contains("raw_points") && l.contains("UNCHANGED")),
                    "second start finds the tables: " + second.output());
            try (Connection trino = DriverManager.getConnection(second.trinoJdbcUrl(), "test", null);
                 Statement s = trino.createStatement()) {
                assertEquals(List.of("launcher.restart.probe|42|12.50"), column(s,
                        "SELECT metric || '|' || CAST(series_id AS varchar) || '|'"
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

    /** Polls GET /v1/backfills/{id} until its state is final. */
    private static JsonNode awaitBackfill(int port, String id, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        JsonNode backfill = getJson(port, "/v1/backfills/" + id);
        while (!List.of("success", "failed").contains(backfill.get("state").asText())
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(2000);
            backfill = getJson(port, "/v1/backfills/" + id);
        }
        return backfill;
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }
}
