package io.metrics.lakehouse.batch;

import static io.metrics.lakehouse.batch.BatchTestSupport.execute;
import static io.metrics.lakehouse.batch.BatchTestSupport.point;
import static io.metrics.lakehouse.batch.BatchTestSupport.rows;
import static io.metrics.lakehouse.batch.BatchTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The corruption drill: one value of one rollup partition changed behind the jobs' back (a Trino
 * UPDATE), verify names exactly that partition, backfill --force over its range restores the logged
 * checksum. Owns prefix t3. and day 2026-03-03.
 */
@ExtendWith(LocalStackExtension.class)
class CorruptionDrillTest {

    @RegisterExtension
    static final BatchTestSupport.SparkOnStack STACK = new BatchTestSupport.SparkOnStack("corruption-drill-test");

    @Test
    void verifyReportsExactlyTheCorruptedPartitionAndAForcedBackfillRestoresIt(StackEndpoints stack) throws Exception {
        BatchTestSupport.appendRawPoints(STACK.spark(), List.of(
                point("t3.gauge", "gauge", 301L, "2026-03-03T10:00:10Z", 4.0),
                point("t3.gauge", "gauge", 301L, "2026-03-03T10:00:40Z", 6.0),
                point("t3.gauge", "gauge", 301L, "2026-03-03T11:02:00Z", 7.0),
                point("t3.other", "gauge", 302L, "2026-03-03T11:05:00Z", 1.5)));
        assertEquals(0, run(new StringWriter(), "rollup", "--granularity", "1m", "--from", "2026-03-03T10:00:00Z",
                "--to", "2026-03-03T12:00:00Z", "--metric-prefix", "t3.", "--local", "--catalog-config", cfg()));
        assertEquals(0, run(new StringWriter(), "rollup", "--granularity", "1h", "--from", "2026-03-03T10:00:00Z",
                "--to", "2026-03-03T12:00:00Z", "--metric-prefix", "t3.", "--local", "--catalog-config", cfg()));

        String[] verify = {"verify", "--from", "2026-03-03T09:00:00Z", "--to", "2026-03-03T12:00:00Z",
            "--metric-prefix", "t3.", "--local", "--catalog-config", cfg()};
        StringWriter clean = new StringWriter();
        assertEquals(0, run(clean, verify));
        assertEquals(List.of(
                "1m/2026-03-03T09:00:00Z missing",
                "1m/2026-03-03T10:00:00Z ok rows=1",
                "1m/2026-03-03T11:00:00Z ok rows=2",
                "1h/2026-03-03T09:00:00Z missing",
                "1h/2026-03-03T10:00:00Z ok rows=1",
                "1h/2026-03-03T11:00:00Z ok rows=2"), summary(clean));
        String loggedChecksum = field(clean.toString().lines().toList().get(2), "checksum");

        try (Connection trino = DriverManager.getConnection(stack.trinoJdbcUrl(), stack.trinoUser(), null)) {
            execute(trino, "UPDATE iceberg.metrics.rollup_1m SET \"sum\" = 70.0 WHERE metric = 't3.gauge'"
                    + " AND bucket_start = TIMESTAMP '2026-03-03 11:02:00 UTC'");

            StringWriter corrupted = new StringWriter();
            StringWriter err = new StringWriter();
            assertEquals(VerifyCommand.EXIT_MISMATCH, BatchTestSupport.run(corrupted, err, verify));
            assertEquals(List.of(
                    "1m/2026-03-03T09:00:00Z missing",
                    "1m/2026-03-03T10:00:00Z ok rows=1",
                    "1m/2026-03-03T11:00:00Z MISMATCH rows=2",
                    "1h/2026-03-03T09:00:00Z missing",
                    "1h/2026-03-03T10:00:00Z ok rows=1",
                    "1h/2026-03-03T11:00:00Z ok rows=2"), summary(corrupted));
            String mismatch = corrupted.toString().lines().toList().get(2);
            assertEquals(loggedChecksum, field(mismatch, "logged_checksum"));
            assertEquals("2", field(mismatch, "logged_rows"));
            assertTrue(!loggedChecksum.equals(field(mismatch, "checksum")), mismatch);
            assertEquals("verify: 1 partition(s) differ from the completion log; recompute them with backfill --force"
                    + " over their range", err.toString().strip());

            assertEquals(0, run(new StringWriter(), "backfill", "--from", "2026-03-03T11:00:00Z", "--to",
                    "2026-03-03T12:00:00Z", "--metric-prefix", "t3.", "--force", "--local", "--catalog-config", cfg()));

            assertEquals(List.of("t3.gauge|11:02|1|7.0"), rows(trino, "SELECT metric, format_datetime(bucket_start,"
                    + " 'HH:mm'), count, \"sum\" FROM iceberg.metrics.rollup_1m WHERE metric = 't3.gauge'"
                    + " AND bucket_start >= TIMESTAMP '2026-03-03 11:00:00 UTC'"));
            assertEquals(List.of(loggedChecksum), rows(trino, "SELECT checksum FROM iceberg.metrics.rollup_partition_log"
                    + " WHERE granularity = '1m' AND metric_prefix = 't3.'"
                    + " AND partition_start = TIMESTAMP '2026-03-03 11:00:00 UTC'"
                    + " ORDER BY completed_at DESC LIMIT 1"));
        }
        StringWriter repaired = new StringWriter();
        assertEquals(0, run(repaired, verify));
        assertEquals(List.of(
                "1m/2026-03-03T09:00:00Z missing",
                "1m/2026-03-03T10:00:00Z ok rows=1",
                "1m/2026-03-03T11:00:00Z ok rows=2",
                "1h/2026-03-03T09:00:00Z missing",
                "1h/2026-03-03T10:00:00Z ok rows=1",
                "1h/2026-03-03T11:00:00Z ok rows=2"), summary(repaired));
        assertEquals(loggedChecksum, field(repaired.toString().lines().toList().get(2), "checksum"));
    }

    private static String cfg() {
        return STACK.catalogConfig().toString();
    }

    /** "partition result [rows=n]" of each verify line, after checking the line's shape. */
    private static List<String> summary(StringWriter out) {
        return out.toString().lines().map(line -> {
            assertTrue(line.matches("verify partition=\\S+ result=(missing|(ok|MISMATCH) rows=\\d+ checksum=[0-9a-f]{64}"
                    + "( logged_rows=\\d+ logged_checksum=[0-9a-f]{64})?)"), line);
            String rows = line.contains(" rows=") ? " rows=" + field(line, "rows") : "";
            return field(line, "partition") + " " + field(line, "result") + rows;
        }).toList();
    }

    private static String field(String line, String name) {
        for (String part : line.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + line);
    }
}
