package io.metrics.lakehouse.batch;

import static io.metrics.lakehouse.batch.BatchTestSupport.execute;
import static io.metrics.lakehouse.batch.BatchTestSupport.point;
import static io.metrics.lakehouse.batch.BatchTestSupport.rows;
import static io.metrics.lakehouse.batch.BatchTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.IcebergCatalogs;
import io.metrics.lakehouse.schemas.MetricsTables;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * retention with a fixed clock ({@code --now 2025-06-20T00:00:00Z}), on data dated 2024-2025 that no
 * other test writes (they write 2026): raw 7 days, 1m 30 days, 1h 1 year, speed 2 days, from the tables'
 * properties; a raw day is expired only when its 24 hours of 1m rollups are logged complete.
 */
@ExtendWith(LocalStackExtension.class)
class RetentionTest {

    @RegisterExtension
    static final BatchTestSupport.SparkOnStack STACK = new BatchTestSupport.SparkOnStack("retention-test");

    @Test
    void expiresWhatIsOlderThanEachRetentionButNeverRawWhoseRollupsAreIncomplete(StackEndpoints stack) throws Exception {
        BatchTestSupport.appendRawPoints(STACK.spark(), List.of(
                point("r.gauge", "gauge", 501L, "2024-06-01T05:00:00Z", 1.0),   // 1h expired, 1m expired, raw kept
                point("r.gauge", "gauge", 501L, "2025-05-01T05:00:00Z", 2.0),   // 1m expired, raw kept
                point("r.gauge", "gauge", 501L, "2025-06-10T05:00:00Z", 3.0),   // raw expired (all 24 hours rolled up)
                point("r.gauge", "gauge", 501L, "2025-06-10T06:00:00Z", 4.0),
                point("r.gauge", "gauge", 501L, "2025-06-11T05:00:00Z", 5.0),   // raw kept: 23 hours not rolled up
                point("r.gauge", "gauge", 501L, "2025-06-15T05:00:00Z", 6.0))); // younger than 7 days
        rollup("1m", "2024-06-01T05:00:00Z", "2024-06-01T06:00:00Z");
        rollup("1h", "2024-06-01T05:00:00Z", "2024-06-01T06:00:00Z");
        rollup("1m", "2025-05-01T05:00:00Z", "2025-05-01T06:00:00Z");
        rollup("1m", "2025-06-10T00:00:00Z", "2025-06-11T00:00:00Z");
        rollup("1m", "2025-06-11T05:00:00Z", "2025-06-11T06:00:00Z");

        Table raw;
        try (Connection trino = DriverManager.getConnection(stack.trinoJdbcUrl(), stack.trinoUser(), null)) {
            execute(trino, "INSERT INTO iceberg.metrics.speed_rollup_1m (metric, series_id, bucket_start, count) VALUES"
                    + " ('r.gauge', 501, TIMESTAMP '2025-06-17 23:59:00 UTC', 1),"
                    + " ('r.gauge', 501, TIMESTAMP '2025-06-18 00:00:00 UTC', 1)");
            // An unreferenced file under raw_points' data (a failed write's leftover).
            raw = loadTable(stack, MetricsTables.RAW_POINTS);
            String stray = raw.location() + "/data/stray-leftover-of-a-failed-write.parquet";
            try (OutputStream o = raw.io().newOutputFile(stray).createOrOverwrite()) {
                o.write("not referenced".getBytes(StandardCharsets.UTF_8));
            }
            // Object stores stamp whole seconds: make the stray file strictly older than the run's clock.
            Thread.sleep(1_100);

            StringWriter out = new StringWriter();
            assertEquals(0, run(out, "retention", "--now", "2025-06-20T00:00:00Z", "--snapshot-max-age", "PT0S",
                    "--orphan-min-age", "PT0S", "--local", "--catalog-config", STACK.catalogConfig().toString()));
            List<String> lines = out.toString().lines().toList();
            assertEquals(List.of(
                    "retention table=raw_points partition=2024-06-01 action=kept reason=1m-rollups-not-complete"
                            + " not_complete=23/24 first=2024-06-01T00:00:00Z:missing",
                    "retention table=raw_points partition=2025-05-01 action=kept reason=1m-rollups-not-complete"
                            + " not_complete=23/24 first=2025-05-01T00:00:00Z:missing",
                    "retention table=raw_points partition=2025-06-10 action=expired files=1 rows=2",
                    "retention table=raw_points partition=2025-06-11 action=kept reason=1m-rollups-not-complete"
                            + " not_complete=23/24 first=2025-06-11T00:00:00Z:missing",
                    "retention table=speed_rollup_1m before=2025-06-18T00:00:00Z action=expired files=1 rows=1",
                    "retention table=rollup_1m before=2025-05-21T00:00:00Z action=expired files=2 rows=2",
                    "retention table=rollup_1h before=2024-06-20T00:00:00Z action=expired files=1 rows=1"),
                    lines.subList(0, 7));
            assertEquals(MetricsTables.TABLE_NAMES.size(), lines.size() - 7, out.toString());
            for (int i = 0; i < MetricsTables.TABLE_NAMES.size(); i++) {
                assertTrue(lines.get(7 + i).matches("maintenance table=" + MetricsTables.TABLE_NAMES.get(i)
                        + " expired_snapshots=\\d+ deleted_data_files=\\d+ deleted_delete_files=\\d+"
                        + " deleted_manifests=\\d+ orphan_files=" + (i == 0 ? "[1-9]\\d*" : "\\d+")), lines.get(7 + i));
            }
            assertFalse(raw.io().newInputFile(stray).exists(), "the orphan file is deleted");

            assertEquals(List.of("2024-06-01|1", "2025-05-01|1", "2025-06-11|1", "2025-06-15|1"), rows(trino,
                    "SELECT CAST(date(ts) AS varchar), count(*) FROM iceberg.metrics.raw_points"
                            + " WHERE metric = 'r.gauge' GROUP BY 1 ORDER BY 1"));
            assertEquals(List.of("2025-06-10 05:00", "2025-06-10 06:00", "2025-06-11 05:00"), rows(trino,
                    "SELECT format_datetime(bucket_start, 'yyyy-MM-dd HH:mm') FROM iceberg.metrics.rollup_1m"
                            + " WHERE metric = 'r.gauge' ORDER BY bucket_start"));
            assertEquals(List.of(), rows(trino, "SELECT bucket_start FROM iceberg.metrics.rollup_1h WHERE metric = 'r.gauge'"));
            assertEquals(List.of("2025-06-18 00:00"), rows(trino, "SELECT format_datetime(bucket_start, 'yyyy-MM-dd HH:mm')"
                    + " FROM iceberg.metrics.speed_rollup_1m WHERE metric = 'r.gauge'"));
            // Expired snapshots: only the current one of each table is left (series has none: the speed
            // layer registers series, and it did not run here).
            for (String table : MetricsTables.TABLE_NAMES) {
                assertEquals(List.of(table.equals(MetricsTables.SERIES) ? "0" : "1"), rows(trino, "SELECT count(*) FROM iceberg.metrics.\"" + table + "$snapshots\""),
                        table);
            }

            // A second run finds nothing more to expire.
            StringWriter again = new StringWriter();
            assertEquals(0, run(again, "retention", "--now", "2025-06-20T00:00:00Z", "--skip-maintenance", "--local",
                    "--catalog-config", STACK.catalogConfig().toString()));
            assertEquals(List.of(
                    "retention table=raw_points partition=2024-06-01 action=kept reason=1m-rollups-not-complete"
                            + " not_complete=23/24 first=2024-06-01T00:00:00Z:missing",
                    "retention table=raw_points partition=2025-05-01 action=kept reason=1m-rollups-not-complete"
                            + " not_complete=23/24 first=2025-05-01T00:00:00Z:missing",
                    "retention table=raw_points partition=2025-06-11 action=kept reason=1m-rollups-not-complete"
                            + " not_complete=23/24 first=2025-06-11T00:00:00Z:missing",
                    "retention table=speed_rollup_1m before=2025-06-18T00:00:00Z action=none",
                    "retention table=rollup_1m before=2025-05-21T00:00:00Z action=none",
                    "retention table=rollup_1h before=2024-06-20T00:00:00Z action=none"),
                    again.toString().lines().toList());

            // verify over partitions retention removed (raw kept, rollups past their retention): expired, not a
            // mismatch, exit status 0; a partition within retention is still checked.
            StringWriter verified = new StringWriter();
            assertEquals(0, run(verified, "verify", "--from", "2024-06-01T05:00:00Z", "--to", "2024-06-01T06:00:00Z",
                    "--now", "2025-06-20T00:00:00Z", "--local", "--catalog-config", STACK.catalogConfig().toString()));
            assertEquals(List.of(
                    "verify partition=1m/2024-06-01T05:00:00Z result=expired logged_rows=1 retention=PT720H",
                    "verify partition=1h/2024-06-01T05:00:00Z result=expired logged_rows=1 retention=PT8760H"),
                    verified.toString().lines().toList());
            StringWriter kept = new StringWriter();
            assertEquals(0, run(kept, "verify", "--granularity", "1m", "--from", "2025-06-10T05:00:00Z", "--to",
                    "2025-06-10T06:00:00Z", "--now", "2025-06-20T00:00:00Z", "--local", "--catalog-config",
                    STACK.catalogConfig().toString()));
            assertTrue(kept.toString().startsWith("verify partition=1m/2025-06-10T05:00:00Z result=ok rows=1 checksum="),
                    kept.toString());
        }
    }

    @Test
    void aNonPositiveRetentionIsRefused() {
        StringWriter err = new StringWriter();
        assertEquals(1, BatchTestSupport.run(new StringWriter(), err, "retention", "--raw-retention", "P0D",
                "--skip-maintenance", "--local", "--catalog-config", STACK.catalogConfig().toString()));
        assertEquals("retention failed: retention of raw_points must be positive: PT0S", err.toString().strip());
    }

    private static void rollup(String granularity, String from, String to, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("rollup", "--granularity", granularity, "--from", from,
                "--to", to, "--local", "--catalog-config", STACK.catalogConfig().toString()));
        args.addAll(List.of(more));
        assertEquals(0, run(new StringWriter(), args.toArray(String[]::new)));
    }

    private static Table loadTable(StackEndpoints stack, String name) throws Exception {
        Catalog catalog = IcebergCatalogs.load(stack.icebergCatalogName(), stack.icebergCatalogProperties());
        return catalog.loadTable(TableIdentifier.of(MetricsTables.NAMESPACE, name));
    }
}
