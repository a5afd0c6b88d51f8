package io.metrics.lakehouse.batch;

import static io.metrics.lakehouse.batch.BatchTestSupport.point;
import static io.metrics.lakehouse.batch.BatchTestSupport.rows;
import static io.metrics.lakehouse.batch.BatchTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.IcebergCatalogs;
import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import io.metrics.lakehouse.schemas.MetricsTables;
import io.metrics.lakehouse.spark.series.SeriesCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * rollup, status and backfill against the real local stack: raw points written with Spark, the CLI run
 * in-process (it reuses this test's Spark session), results read through Trino. Each test owns a
 * metric prefix and a day, so that tests do not see each other's partitions.
 */
@ExtendWith(LocalStackExtension.class)
class RollupJobsTest {

    @RegisterExtension
    static final BatchTestSupport.SparkOnStack STACK = new BatchTestSupport.SparkOnStack("rollup-jobs-test");

    @Test
    void minuteAndHourRollupsEqualARecomputationFromRawAndReRunsAreIdentical(StackEndpoints stack) throws Exception {
        List<Row> points = new ArrayList<>(List.of(
                // gauge, two minutes
                point("t1.gauge", "gauge", 11L, "2026-03-01T10:00:05Z", 2.0),
                point("t1.gauge", "gauge", 11L, "2026-03-01T10:00:20Z", 8.0),
                point("t1.gauge", "gauge", 11L, "2026-03-01T10:00:40Z", 5.0),
                point("t1.gauge", "gauge", 11L, "2026-03-01T10:01:10Z", 1.0),
                point("t1.gauge", "gauge", 11L, "2026-03-01T10:01:50Z", 4.0),
                // counter with a reset (15 -> 3) inside minute 10:00, then minute 10:01
                point("t1.requests", "counter", 22L, "2026-03-01T10:00:00Z", 10.0),
                point("t1.requests", "counter", 22L, "2026-03-01T10:00:15Z", 15.0),
                point("t1.requests", "counter", 22L, "2026-03-01T10:00:30Z", 3.0),
                point("t1.requests", "counter", 22L, "2026-03-01T10:00:45Z", 7.0),
                point("t1.requests", "counter", 22L, "2026-03-01T10:01:00Z", 9.0),
                point("t1.requests", "counter", 22L, "2026-03-01T10:01:30Z", 12.0),
                // a replayed copy of a point: counted once
                point("t1.requests", "counter", 22L, "2026-03-01T10:01:30Z", 12.0)));
        // 0, 1, ..., 100 in one minute (shuffled in time): the median is 50
        for (int i = 0; i <= 100; i++) {
            int value = (i * 37) % 101;
            points.add(point("t1.latency", "gauge", 33L, Instant.parse("2026-03-01T10:05:00Z").plusMillis(i * 500L).toString(),
                    value));
        }
        appendRawPoints(points);

        String[] rollup1m = {"rollup", "--granularity", "1m", "--from", "2026-03-01T10:00:00Z", "--to",
            "2026-03-01T11:00:00Z", "--metric-prefix", "t1.", "--local", "--catalog-config", STACK.catalogConfig().toString()};
        assertEquals(0, run(new StringWriter(), rollup1m));

        try (Connection trino = DriverManager.getConnection(stack.trinoJdbcUrl(), stack.trinoUser(), null)) {
            assertEquals(List.of(
                    "t1.gauge|11|10:00|3|15.0|2.0|8.0|2.0|5.0|10:00:05|10:00:40|null",
                    "t1.gauge|11|10:01|2|5.0|1.0|4.0|1.0|4.0|10:01:10|10:01:50|null",
                    "t1.latency|33|10:05|101|5050.0|0.0|100.0|0.0|64.0|10:05:00|10:05:50|null",
                    "t1.requests|22|10:00|4|35.0|3.0|15.0|10.0|7.0|10:00:00|10:00:45|12.0",
                    "t1.requests|22|10:01|2|21.0|9.0|12.0|9.0|12.0|10:01:00|10:01:30|3.0"),
                    rollups(trino, "rollup_1m", "t1."));
            double median = Double.parseDouble(rows(trino, "SELECT value_at_quantile(CAST(sketch AS tdigest), 0.5)"
                    + " FROM iceberg.metrics.rollup_1m WHERE metric = 't1.latency'").get(0));
            assertTrue(Math.abs(median - 50.0) <= 2.0, "median " + median);

            // Re-run: same rows, same checksum, a second log row.
            List<String> before = rollups(trino, "rollup_1m", "t1.");
            assertEquals(0, run(new StringWriter(), rollup1m));
            assertEquals(before, rollups(trino, "rollup_1m", "t1."));
            List<String> log = rows(trino, "SELECT row_count, checksum, source_snapshot_id IS NOT NULL FROM "
                    + "iceberg.metrics.rollup_partition_log WHERE granularity = '1m' AND metric_prefix = 't1.'");
            assertEquals(2, log.size());
            assertEquals(log.get(0), log.get(1));
            assertTrue(log.get(0).matches("5\\|[0-9a-f]{64}\\|true"), log.get(0));

            // Only hour 10 has its minutes: the hourly rollup computes it and skips hour 11 unless forced.
            // Hourly from the minutes: counter increase 12 + 3 + the step 7 -> 9 between the minutes.
            String[] rollup1h = {"rollup", "--granularity", "1h", "--from", "2026-03-01T10:00:00Z",
                "--to", "2026-03-01T12:00:00Z", "--metric-prefix", "t1.", "--local",
                "--catalog-config", STACK.catalogConfig().toString()};
            StringWriter firstHour = new StringWriter();
            assertEquals(0, run(firstHour, rollup1h));
            List<String> firstLines = firstHour.toString().lines().toList();
            assertEquals(2, firstLines.size(), firstHour.toString());
            assertEquals("rollup partition=1h/2026-03-01T11:00:00Z action=skipped reason=1m-rollup-not-complete"
                    + " state=missing (roll up the hour at 1m first, or pass --force)", firstLines.get(0));
            assertTrue(firstLines.get(1).startsWith("rollup partition=1h/2026-03-01T10:00:00Z action=computed rows=3 "),
                    firstLines.get(1));
            List<String> hour10 = List.of(
                    "t1.gauge|11|10:00|5|20.0|1.0|8.0|2.0|4.0|10:00:05|10:01:50|null",
                    "t1.latency|33|10:00|101|5050.0|0.0|100.0|0.0|64.0|10:05:00|10:05:50|null",
                    "t1.requests|22|10:00|6|56.0|3.0|15.0|10.0|12.0|10:00:00|10:01:30|17.0");
            assertEquals(hour10, rollups(trino, "rollup_1h", "t1."));

            // Forcing hour 11 alone rewrites the day's partition: hour 10's rows are carried over as they
            // were, so its logged checksum still holds.
            StringWriter forced = new StringWriter();
            assertEquals(0, run(forced, "rollup", "--granularity", "1h", "--from", "2026-03-01T11:00:00Z",
                    "--to", "2026-03-01T12:00:00Z", "--metric-prefix", "t1.", "--force", "--local",
                    "--catalog-config", STACK.catalogConfig().toString()));
            assertTrue(forced.toString().startsWith("rollup partition=1h/2026-03-01T11:00:00Z action=computed rows=0 "),
                    forced.toString());
            assertEquals(hour10, rollups(trino, "rollup_1h", "t1."));
            StringWriter verify = new StringWriter();
            assertEquals(0, run(verify, "verify", "--granularity", "1h", "--from", "2026-03-01T10:00:00Z", "--to",
                    "2026-03-01T12:00:00Z", "--metric-prefix", "t1.", "--local",
                    "--catalog-config", STACK.catalogConfig().toString()));
            List<String> verified = verify.toString().lines().toList();
            assertTrue(verified.get(0).startsWith("verify partition=1h/2026-03-01T10:00:00Z result=ok rows=3 "), verify.toString());
            assertTrue(verified.get(1).startsWith("verify partition=1h/2026-03-01T11:00:00Z result=ok rows=0 "), verify.toString());
            double hourMedian = Double.parseDouble(rows(trino, "SELECT value_at_quantile(CAST(sketch AS tdigest), 0.5)"
                    + " FROM iceberg.metrics.rollup_1h WHERE metric = 't1.latency'").get(0));
            assertTrue(Math.abs(hourMedian - 50.0) <= 2.0, "median " + hourMedian);
        }

        StringWriter status = new StringWriter();
        assertEquals(0, run(status, "status", "--granularity", "1m", "--from", "2026-03-01T10:00:00Z", "--to",
                "2026-03-01T12:00:00Z", "--metric-prefix", "t1.", "--local", "--catalog-config", STACK.catalogConfig().toString()));
        List<String> lines = status.toString().lines().toList();
        assertEquals(2, lines.size(), status.toString());
        assertTrue(lines.get(0).startsWith("1m 2026-03-01T10:00:00Z complete rows=5 checksum="), lines.get(0));
        assertEquals("1m 2026-03-01T11:00:00Z missing", lines.get(1));
    }

    @Test
    void backfillResumesAfterTheFinishedPartitionsAndRecomputesStaleOnes(StackEndpoints stack) throws Exception {
        appendRawPoints(List.of(
                point("t2.gauge", "gauge", 44L, "2026-03-02T00:10:00Z", 1.0),
                point("t2.gauge", "gauge", 44L, "2026-03-02T01:10:00Z", 2.0),
                point("t2.gauge", "gauge", 44L, "2026-03-02T02:10:00Z", 3.0)));
        // An interrupted backfill: the first two hours finished and were logged.
        assertEquals(0, run(new StringWriter(), "rollup", "--granularity", "1m", "--from", "2026-03-02T00:00:00Z",
                "--to", "2026-03-02T02:00:00Z", "--metric-prefix", "t2.", "--local",
                "--catalog-config", STACK.catalogConfig().toString()));

        String[] backfill = {"backfill", "--from", "2026-03-02T00:00:00Z", "--to", "2026-03-02T03:00:00Z",
            "--metric-prefix", "t2.", "--local", "--catalog-config", STACK.catalogConfig().toString()};
        assertEquals(List.of(
                "1m/2026-03-02T00:00:00Z complete skipped 1/6",
                "1m/2026-03-02T01:00:00Z complete skipped 2/6",
                "1m/2026-03-02T02:00:00Z missing computed 3/6",
                "1h/2026-03-02T00:00:00Z missing computed 4/6",
                "1h/2026-03-02T01:00:00Z missing computed 5/6",
                "1h/2026-03-02T02:00:00Z missing computed 6/6"), backfillSummary(backfill));
        assertEquals(List.of(
                "1m/2026-03-02T00:00:00Z complete skipped 1/6",
                "1m/2026-03-02T01:00:00Z complete skipped 2/6",
                "1m/2026-03-02T02:00:00Z complete skipped 3/6",
                "1h/2026-03-02T00:00:00Z complete skipped 4/6",
                "1h/2026-03-02T01:00:00Z complete skipped 5/6",
                "1h/2026-03-02T02:00:00Z complete skipped 6/6"), backfillSummary(backfill));

        // A late point in hour 01: that hour becomes stale at 1m and then at 1h, and only it is recomputed.
        appendRawPoints(List.of(point("t2.gauge", "gauge", 44L, "2026-03-02T01:20:00Z", 5.0)));
        assertEquals(List.of(
                "1m/2026-03-02T00:00:00Z complete skipped 1/6",
                "1m/2026-03-02T01:00:00Z stale computed 2/6",
                "1m/2026-03-02T02:00:00Z complete skipped 3/6",
                "1h/2026-03-02T00:00:00Z complete skipped 4/6",
                "1h/2026-03-02T01:00:00Z stale computed 5/6",
                "1h/2026-03-02T02:00:00Z complete skipped 6/6"), backfillSummary(backfill));
        try (Connection trino = DriverManager.getConnection(stack.trinoJdbcUrl(), stack.trinoUser(), null)) {
            assertEquals(List.of("00:00|1.0", "01:00|3.5", "02:00|3.0"), rows(trino,
                    "SELECT format_datetime(bucket_start, 'HH:mm'), \"sum\" / \"count\" FROM iceberg.metrics.rollup_1h"
                    + " WHERE metric = 't2.gauge' ORDER BY bucket_start"));
        }

        List<String> forcedBackfill = new ArrayList<>(Arrays.asList(backfill));
        forcedBackfill.add("--force");
        // The forced 1m runs rewrite the minutes, so the hours are stale by the time they are planned.
        assertEquals(List.of(
                "1m/2026-03-02T00:00:00Z complete computed 1/6",
                "1m/2026-03-02T01:00:00Z complete computed 2/6",
                "1m/2026-03-02T02:00:00Z complete computed 3/6",
                "1h/2026-03-02T00:00:00Z stale computed 4/6",
                "1h/2026-03-02T01:00:00Z stale computed 5/6",
                "1h/2026-03-02T02:00:00Z stale computed 6/6"), backfillSummary(forcedBackfill.toArray(String[]::new)));
    }

    @Test
    void rollupRejectsARangeOffPartitionBoundaries() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(BatchJobsCli.class);
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("rollup", "--granularity", "1h", "--from", "2026-03-01T10:30:00Z", "--to",
                "2026-03-02T00:00:00Z", "--local", "--catalog-config", STACK.catalogConfig().toString());
        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("rollup failed: --from and --to must be on 1h partition boundaries"),
                err.toString());
    }

    /** "partition state action progress" of each backfill line. */
    private static List<String> backfillSummary(String... args) {
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, args));
        return out.toString().lines().map(line -> {
            assertTrue(line.matches("backfill partition=\\S+ state=\\S+ action=\\S+ rows=\\d+ checksum=[0-9a-f]{64}"
                    + " elapsed_ms=\\d+ progress=\\d+/\\d+"), line);
            Map<String, String> fields = new java.util.HashMap<>();
            for (String field : line.substring("backfill ".length()).split(" ")) {
                String[] kv = field.split("=", 2);
                fields.put(kv[0], kv[1]);
            }
            return fields.get("partition") + " " + fields.get("state") + " " + fields.get("action") + " "
                    + fields.get("progress");
        }).toList();
    }

    @Test
    void anHourlyRunThatCarriedTheDayOverFailsIfAnotherRunChangedTheDaySinceItRead(StackEndpoints stack) throws Exception {
        appendRawPoints(List.of(
                point("t11.gauge", "gauge", 111L, "2026-03-11T10:10:00Z", 1.0),
                point("t11.gauge", "gauge", 111L, "2026-03-11T11:10:00Z", 2.0)));
        assertEquals(0, run(new StringWriter(), rollup1m("t11.", "2026-03-11T10:00:00Z", "2026-03-11T12:00:00Z")));
        assertEquals(0, run(new StringWriter(), rollup("1h", "t11.", "2026-03-11T10:00:00Z", "2026-03-11T11:00:00Z")));
        BatchSession session = new BatchSession(STACK.spark(), IcebergCatalogs.DEFAULT_NAME, false);
        long read = session.icebergTable(MetricsTables.ROLLUP_1H).currentSnapshot().snapshotId();
        Dataset<Row> carried = STACK.spark().sql("SELECT * FROM " + session.tableName(MetricsTables.ROLLUP_1H)
                + " VERSION AS OF " + read + " WHERE metric = 't11.gauge'");

        // Another run commits hour 11 of the same day after that read.
        assertEquals(0, run(new StringWriter(), rollup("1h", "t11.", "2026-03-11T11:00:00Z", "2026-03-11T12:00:00Z")));

        // Committing the day with rows carried over from the earlier read would undo hour 11: it must fail.
        Partition day = new Partition(Granularity.HOUR, Instant.parse("2026-03-11T00:00:00Z"),
                Instant.parse("2026-03-12T00:00:00Z"));
        RuntimeException refused = assertThrows(RuntimeException.class, () -> session.overwriteSorted(carried,
                session.tableName(MetricsTables.ROLLUP_1H), RollupRunner.inPartition(day, Columns.BUCKET_START), read));
        assertTrue(SeriesCatalog.isConflict(refused), refused.toString());
        try (Connection trino = DriverManager.getConnection(stack.trinoJdbcUrl(), stack.trinoUser(), null)) {
            assertEquals(List.of("10:00|1.0", "11:00|2.0"), rows(trino, "SELECT format_datetime(bucket_start, 'HH:mm'),"
                    + " \"sum\" FROM iceberg.metrics.rollup_1h WHERE metric = 't11.gauge' ORDER BY bucket_start"));
        }
    }

    private String[] rollup(String granularity, String prefix, String from, String to) {
        return new String[] {"rollup", "--granularity", granularity, "--from", from, "--to", to, "--metric-prefix", prefix,
            "--local", "--catalog-config", STACK.catalogConfig().toString()};
    }

    private String[] rollup1m(String prefix, String from, String to) {
        return new String[] {"rollup", "--granularity", "1m", "--from", from, "--to", to, "--metric-prefix", prefix,
            "--local", "--catalog-config", STACK.catalogConfig().toString()};
    }

    private static List<String> rollups(Connection trino, String table, String prefix) throws Exception {
        return rows(trino, "SELECT metric, series_id, format_datetime(bucket_start, 'HH:mm'), count, sum, min, max,"
                + " first, last, format_datetime(first_ts, 'HH:mm:ss'), format_datetime(last_ts, 'HH:mm:ss'),"
                + " counter_increase FROM iceberg.metrics." + table + " WHERE starts_with(metric, '" + prefix + "')"
                + " ORDER BY metric, series_id, bucket_start");
    }

    private static void appendRawPoints(List<Row> rows) {
        BatchTestSupport.appendRawPoints(STACK.spark(), rows);
    }
}
