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
 * compact on what a stream leaves behind: raw points appended in many small commits, and
 * speed_rollup_1m rows upserted with Trino (merge-on-read: position delete files). Owns prefix t4. and
 * day 2026-03-04.
 */
@ExtendWith(LocalStackExtension.class)
class CompactTest {

    private static final String RAW = "SELECT metric, series_id, CAST(ts AS varchar), value FROM iceberg.metrics.raw_points"
            + " WHERE starts_with(metric, 't4.') ORDER BY metric, series_id, ts";
    private static final String SPEED = "SELECT metric, series_id, CAST(bucket_start AS varchar), count, \"sum\""
            + " FROM iceberg.metrics.speed_rollup_1m WHERE starts_with(metric, 't4.') ORDER BY metric, series_id, bucket_start";

    @RegisterExtension
    static final BatchTestSupport.SparkOnStack STACK = new BatchTestSupport.SparkOnStack("compact-test");

    @Test
    void compactionFoldsSmallFilesAndDeletesWithoutChangingRowsOrValues(StackEndpoints stack) throws Exception {
        for (int batch = 0; batch < 6; batch++) {
            BatchTestSupport.appendRawPoints(STACK.spark(), List.of(
                    point("t4.gauge", "gauge", 401L, "2026-03-04T10:0" + batch + ":00Z", batch + 0.25),
                    point("t4.gauge", "gauge", 402L, "2026-03-04T10:0" + batch + ":30Z", -batch - 0.5)));
        }
        try (Connection trino = DriverManager.getConnection(stack.trinoJdbcUrl(), stack.trinoUser(), null)) {
            for (int minute = 0; minute < 3; minute++) {
                execute(trino, "INSERT INTO iceberg.metrics.speed_rollup_1m (metric, series_id, bucket_start, count, \"sum\")"
                        + " VALUES ('t4.gauge', 401, TIMESTAMP '2026-03-04 10:0" + minute + ":00 UTC', 1, " + minute + ".5)");
            }
            // The speed layer's upsert of a bucket, merge-on-read: a position delete file plus a new row.
            execute(trino, "UPDATE iceberg.metrics.speed_rollup_1m SET count = 2, \"sum\" = 9.75"
                    + " WHERE metric = 't4.gauge' AND bucket_start = TIMESTAMP '2026-03-04 10:01:00 UTC'");

            List<String> rawBefore = rows(trino, RAW);
            List<String> speedBefore = rows(trino, SPEED);
            assertEquals(12, rawBefore.size());
            assertEquals(List.of(
                    "t4.gauge|401|2026-03-04 10:00:00.000000 UTC|1|0.5",
                    "t4.gauge|401|2026-03-04 10:01:00.000000 UTC|2|9.75",
                    "t4.gauge|401|2026-03-04 10:02:00.000000 UTC|1|2.5"), speedBefore);
            assertEquals(List.of("6"), rows(trino, "SELECT count(DISTINCT \"$path\") FROM iceberg.metrics.raw_points"
                    + " WHERE starts_with(metric, 't4.')"));
            // Three inserts and the update's new row: the first insert of 10:01 holds no live row any more.
            assertEquals(List.of("3"), rows(trino, "SELECT count(DISTINCT \"$path\") FROM iceberg.metrics.speed_rollup_1m"
                    + " WHERE starts_with(metric, 't4.')"));
            assertTrue(Integer.parseInt(deleteFiles(trino)) >= 1);

            StringWriter out = new StringWriter();
            // No day is past this horizon: the nulling of settled raw days is CompactSettledRawTest's.
            assertEquals(0, run(out, "compact", "--dedup-horizon", "P36500D", "--local", "--catalog-config",
                    STACK.catalogConfig().toString()));
            List<String> lines = out.toString().lines().toList();
            assertEquals(2, lines.size(), out.toString());
            assertTrue(lines.get(0).matches("compact table=raw_points rewritten_data_files=([6-9]|\\d{2,}) added_data_files=\\d+"
                    + " rewritten_bytes=\\d+ removed_delete_files=0 rewritten_manifests=\\d+ added_manifests=\\d+"), lines.get(0));
            assertTrue(lines.get(1).matches("compact table=speed_rollup_1m rewritten_data_files=\\d+ added_data_files=\\d+"
                    + " rewritten_bytes=\\d+ removed_delete_files=[1-9]\\d* rewritten_manifests=\\d+ added_manifests=\\d+"),
                    lines.get(1));

            assertEquals(rawBefore, rows(trino, RAW));
            assertEquals(speedBefore, rows(trino, SPEED));
            assertEquals(List.of("1"), rows(trino, "SELECT count(DISTINCT \"$path\") FROM iceberg.metrics.raw_points"
                    + " WHERE starts_with(metric, 't4.')"));
            assertEquals(List.of("1"), rows(trino, "SELECT count(DISTINCT \"$path\") FROM iceberg.metrics.speed_rollup_1m"
                    + " WHERE starts_with(metric, 't4.')"));
            assertEquals("0", deleteFiles(trino));
        }
    }

    @Test
    void seriesAppendedByManyRunsIsRewrittenIntoOneFileWithTheSameRows(StackEndpoints stack) throws Exception {
        try (Connection trino = DriverManager.getConnection(stack.trinoJdbcUrl(), stack.trinoUser(), null)) {
            // What six hourly MERGEs leave: one small file each.
            for (int run = 0; run < 6; run++) {
                execute(trino, "INSERT INTO iceberg.metrics.series (metric, series_id, metric_type, tags, first_seen)"
                        + " VALUES ('t5.gauge', " + (500 + run) + ", 'gauge', MAP(ARRAY['host'], ARRAY['h" + run + "']),"
                        + " TIMESTAMP '2026-03-05 1" + run + ":00:00 UTC')");
            }
            String series = "SELECT metric, series_id, metric_type, element_at(tags, 'host'), CAST(first_seen AS varchar)"
                    + " FROM iceberg.metrics.series WHERE starts_with(metric, 't5.') ORDER BY series_id";
            List<String> before = rows(trino, series);
            assertEquals(6, before.size());
            assertEquals("t5.gauge|503|gauge|h3|2026-03-05 13:00:00.000000 UTC", before.get(3));
            String files = "SELECT count(DISTINCT \"$path\") FROM iceberg.metrics.series WHERE starts_with(metric, 't5.')";
            assertEquals(List.of("6"), rows(trino, files));

            StringWriter out = new StringWriter();
            assertEquals(0, run(out, "compact", "--table", "series", "--local", "--catalog-config",
                    STACK.catalogConfig().toString()));
            assertTrue(out.toString().strip().matches("compact table=series rewritten_data_files=([6-9]|\\d{2,})"
                    + " added_data_files=1 rewritten_bytes=\\d+ removed_delete_files=\\d+ rewritten_manifests=\\d+"
                    + " added_manifests=\\d+"), out.toString());
            assertEquals(before, rows(trino, series));
            assertEquals(List.of("1"), rows(trino, files));
        }
    }

    @Test
    void aBatchTableIsNotCompacted() {
        StringWriter err = new StringWriter();
        assertEquals(1, BatchTestSupport.run(new StringWriter(), err, "compact", "--table", "rollup_1m", "--local",
                "--catalog-config", STACK.catalogConfig().toString()));
        assertEquals("compact failed: --table rollup_1m: only the streaming tables raw_points and speed_rollup_1m and"
                + " series are compacted (the rollup tables are written in whole sorted partitions)",
                err.toString().strip());
    }

    /** Delete files in speed_rollup_1m's current snapshot (only this test writes deletes there). */
    private static String deleteFiles(Connection trino) throws Exception {
        return rows(trino, "SELECT count(*) FROM iceberg.metrics.\"speed_rollup_1m$files\" WHERE content <> 0").get(0);
    }
}
