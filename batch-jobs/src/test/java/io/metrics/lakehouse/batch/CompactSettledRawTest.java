package io.metrics.lakehouse.batch;

import static io.metrics.lakehouse.batch.BatchTestSupport.point;
import static io.metrics.lakehouse.batch.BatchTestSupport.rows;
import static io.metrics.lakehouse.batch.BatchTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * compact nulls batch_id and ingested_at in settled raw days only: past the dedup horizon AND all 24
 * hours of 1m rollups logged complete. Clock {@code --now 2026-02-18T06:00:00Z}, horizon P7D: days before
 * 2026-02-11 are past it. Owns prefix t9. and days 2026-02-09 (past the horizon, not rolled up),
 * 2026-02-10 (settled) and 2026-02-11 (rolled up but inside the horizon).
 */
@ExtendWith(LocalStackExtension.class)
class CompactSettledRawTest {

    private static final String RAW = "SELECT CAST(ts AS varchar), series_id, value, batch_id,"
            + " CAST(ingested_at AS varchar) FROM iceberg.metrics.raw_points WHERE starts_with(metric, 't9.')"
            + " AND ts >= TIMESTAMP '%s 00:00:00 UTC' AND ts < TIMESTAMP '%s 00:00:00 UTC' + INTERVAL '1' DAY"
            + " ORDER BY series_id, ts";

    @RegisterExtension
    static final BatchTestSupport.SparkOnStack STACK = new BatchTestSupport.SparkOnStack("compact-settled-test");

    @Test
    void settledDaysLoseTheIngestColumnsAndNothingElse(StackEndpoints stack) throws Exception {
        ingest("b-0209", "2026-02-09T10:00:01Z", point("t9.gauge", "gauge", 901L, "2026-02-09T10:00:00Z", 1.5));
        ingest("b-0210a", "2026-02-10T03:00:01Z",
                point("t9.gauge", "gauge", 901L, "2026-02-10T03:00:00Z", 2.25),
                point("t9.gauge", "gauge", 902L, "2026-02-10T03:00:00Z", -7.0));
        ingest("b-0210b", "2026-02-10T22:59:59.5Z", point("t9.gauge", "gauge", 901L, "2026-02-10T22:59:59Z", 3.75));
        ingest("b-0211", "2026-02-11T01:00:00.25Z", point("t9.gauge", "gauge", 901L, "2026-02-11T01:00:00Z", 4.0));
        rollup1m("2026-02-10");
        rollup1m("2026-02-11");

        try (Connection trino = DriverManager.getConnection(stack.trinoJdbcUrl(), stack.trinoUser(), null)) {
            assertEquals(List.of(
                    "2026-02-10 03:00:00.000000 UTC|901|2.25|b-0210a|2026-02-10 03:00:01.000000 UTC",
                    "2026-02-10 22:59:59.000000 UTC|901|3.75|b-0210b|2026-02-10 22:59:59.500000 UTC",
                    "2026-02-10 03:00:00.000000 UTC|902|-7.0|b-0210a|2026-02-10 03:00:01.000000 UTC"),
                    rows(trino, day("2026-02-10")));
            List<String> day09 = rows(trino, day("2026-02-09"));
            List<String> day11 = rows(trino, day("2026-02-11"));
            assertEquals(List.of("2026-02-09 10:00:00.000000 UTC|901|1.5|b-0209|2026-02-09 10:00:01.000000 UTC"), day09);
            assertEquals(List.of("2026-02-11 01:00:00.000000 UTC|901|4.0|b-0211|2026-02-11 01:00:00.250000 UTC"), day11);

            assertEquals(List.of(
                    "compact table=raw_points partition=2026-02-09 action=kept-ingest-columns"
                            + " reason=1m-rollups-not-complete not_complete=24/24 first=2026-02-09T00:00:00Z:missing",
                    "compact table=raw_points partition=2026-02-10 action=nulled-ingest-columns rewritten_data_files=2"
                            + " added_data_files=1 rows=3"), compactLines());
            assertEquals(List.of(
                    "2026-02-10 03:00:00.000000 UTC|901|2.25|null|null",
                    "2026-02-10 22:59:59.000000 UTC|901|3.75|null|null",
                    "2026-02-10 03:00:00.000000 UTC|902|-7.0|null|null"), rows(trino, day("2026-02-10")));
            assertEquals(day09, rows(trino, day("2026-02-09")));
            assertEquals(day11, rows(trino, day("2026-02-11")));
            // A replace of the same rows: the day's rollups are still complete, not stale.
            StringWriter status = new StringWriter();
            assertEquals(0, run(status, "status", "--granularity", "1m", "--from", "2026-02-10T00:00:00Z", "--to",
                    "2026-02-11T00:00:00Z", "--local", "--catalog-config", STACK.catalogConfig().toString()));
            assertEquals(24, status.toString().lines()
                    .filter(l -> l.matches("1m 2026-02-10T\\d\\d:00:00Z complete rows=.*")).count(), status.toString());

            // Idempotent: the second run finds the day already null and changes nothing.
            assertEquals(List.of(
                    "compact table=raw_points partition=2026-02-09 action=kept-ingest-columns"
                            + " reason=1m-rollups-not-complete not_complete=24/24 first=2026-02-09T00:00:00Z:missing",
                    "compact table=raw_points partition=2026-02-10 action=none reason=ingest-columns-null files=1"),
                    compactLines());
            assertEquals(List.of(
                    "2026-02-10 03:00:00.000000 UTC|901|2.25|null|null",
                    "2026-02-10 22:59:59.000000 UTC|901|3.75|null|null",
                    "2026-02-10 03:00:00.000000 UTC|902|-7.0|null|null"), rows(trino, day("2026-02-10")));
            assertEquals(day11, rows(trino, day("2026-02-11")));
        }
    }

    @Test
    void aNegativeHorizonIsRefused() {
        StringWriter err = new StringWriter();
        assertEquals(1, run(new StringWriter(), err, "compact", "--dedup-horizon", "-P1D", "--local",
                "--catalog-config", STACK.catalogConfig().toString()));
        assertEquals("compact failed: --dedup-horizon must not be negative: PT-24H", err.toString().strip());
    }

    /** compact's lines about this test's days. */
    private static List<String> compactLines() {
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "compact", "--table", "raw_points", "--now", "2026-02-18T06:00:00Z",
                "--dedup-horizon", "P7D", "--local", "--catalog-config", STACK.catalogConfig().toString()));
        return out.toString().lines().filter(l -> l.contains("partition=2026-02-")).toList();
    }

    private static void ingest(String batchId, String ingestedAt, org.apache.spark.sql.Row... points) {
        BatchTestSupport.appendRawPoints(STACK.spark(), List.of(points),
                Map.of("batch_id", batchId, "ingested_at", Timestamp.from(Instant.parse(ingestedAt))));
    }

    private static void rollup1m(String day) {
        assertEquals(0, run(new StringWriter(), "rollup", "--granularity", "1m", "--from", day + "T00:00:00Z", "--to",
                Instant.parse(day + "T00:00:00Z").plusSeconds(86_400).toString(), "--local", "--catalog-config",
                STACK.catalogConfig().toString()));
    }

    private static String day(String day) {
        return String.format(RAW, day, day);
    }
}
