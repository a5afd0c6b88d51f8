package io.metrics.lakehouse.batch;

import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.lessThan;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.metrics.lakehouse.schemas.MetricsTables;
import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.spark.FileRewriteCoordinator;
import org.apache.iceberg.spark.ScanTaskSetManager;
import org.apache.iceberg.spark.SparkTableCache;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Rewrites the settled days of raw_points with {@code batch_id} and {@code ingested_at} set to NULL: the
 * two ingest bookkeeping columns are ~80% of raw's bytes (batch-jobs/README.md, Storage), and once a day
 * is settled nothing needs them.
 *
 * <p>Settled: the day ended at least the dedup horizon ago AND every hour of it is logged complete in
 * rollup_partition_log at 1m for all metrics (prefix ""), not stale. The speed layer's dedup reads only
 * (series_id, ts), against every committed point however old, so a late copy of a point never lands next
 * to it; the rollup uses {@code ingested_at} only to choose among copies of one (series_id, ts) (null sorts
 * last), and nothing reads {@code batch_id}. So a day whose rollups are final loses nothing; the horizon
 * (default P1D: today and yesterday keep both columns) only keeps "which batch carried this point"
 * answerable for recent data. With raw kept 7 days, six of them are stored without the two columns.
 *
 * <p>The rewrite is Iceberg's own file rewrite (the staged scan tasks and file rewrite coordinator that
 * {@code rewrite_data_files} uses) with a projection between read and write, committed as a
 * {@code replace} of exactly the day's files read: rows, series, ts and value are unchanged, so
 * {@link SourceChanges} does not count it as a change (the day's rollups stay complete), and a point
 * appended to the day meanwhile is neither lost nor rewritten. Output sorted by the table's sort order.
 */
final class SettledRawRewrite {

    /** Snapshot summary property of the rewrite's commits (who rewrote the files, and why). */
    static final String OPERATION_PROPERTY = "batch-jobs.rewrite";
    static final String OPERATION = "null-ingest-columns";

    private final BatchSession session;
    private final Consumer<String> report;

    SettledRawRewrite(BatchSession session, Consumer<String> report) {
        this.session = session;
        this.report = report;
    }

    /** Every day of raw_points that ended at least {@code dedupHorizon} before {@code now}. */
    void run(Instant now, Duration dedupHorizon) {
        Table raw = session.icebergTable(MetricsTables.RAW_POINTS);
        Instant cutoff = now.minus(dedupHorizon).truncatedTo(ChronoUnit.DAYS);
        for (Instant day : RawDays.before(raw, cutoff)) {
            report.accept(rewriteDay(raw, day));
        }
    }

    private String rewriteDay(Table raw, Instant day) {
        String line = "compact table=" + MetricsTables.RAW_POINTS + " partition=" + day.toString().substring(0, 10);
        raw.refresh();
        long snapshotId = raw.currentSnapshot().snapshotId();
        List<FileScanTask> tasks = dayFiles(raw, day);
        if (tasks.stream().allMatch(t -> ingestColumnsNull(raw, t))) {
            return line + " action=none reason=ingest-columns-null files=" + tasks.size();
        }
        if (tasks.stream().anyMatch(t -> !t.deletes().isEmpty())) {
            // Raw is append-only (retention deletes whole files); a delete file here was written by hand.
            return line + " action=kept reason=delete-files";
        }
        DayCoverage coverage = DayCoverage.of(session, day, "");
        if (!coverage.complete()) {
            return line + " action=kept-ingest-columns reason=1m-rollups-not-complete " + coverage.describe();
        }
        Set<DataFile> added = rewrite(raw, tasks);
        Set<DataFile> removed = new HashSet<>();
        long rows = 0;
        for (FileScanTask task : tasks) {
            removed.add(task.file());
            rows += task.file().recordCount();
        }
        raw.newRewrite()
                .validateFromSnapshot(snapshotId)
                .rewriteFiles(removed, Set.of(), added, Set.of())
                .set(OPERATION_PROPERTY, OPERATION)
                .commit();
        return line + " action=nulled-ingest-columns rewritten_data_files=" + removed.size()
                + " added_data_files=" + added.size() + " rows=" + rows;
    }

    /** Reads the tasks' rows, nulls the two columns, writes them sorted; returns the new (uncommitted) files. */
    private Set<DataFile> rewrite(Table raw, List<FileScanTask> tasks) {
        SparkSession spark = session.spark();
        String groupId = UUID.randomUUID().toString();
        long inputBytes = tasks.stream().mapToLong(t -> t.file().fileSizeInBytes()).sum();
        long targetFileSize = PropertyUtil.propertyAsLong(raw.properties(),
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
        int outputFiles = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (inputBytes + targetFileSize - 1) / targetFileSize));
        SparkTableCache.get().add(groupId, raw);
        ScanTaskSetManager.get().stageTasks(raw, groupId, tasks);
        try {
            Dataset<Row> rows = spark.read().format("iceberg")
                    .option("split-size", Long.toString(targetFileSize))
                    .option("file-open-cost", "0")
                    .load(groupId);
            Column[] order = {col(Columns.METRIC), col(Columns.SERIES_ID), col(Columns.TS)};
            rows.withColumn(Columns.BATCH_ID, lit(null).cast(DataTypes.StringType))
                    .withColumn(Columns.INGESTED_AT, lit(null).cast(DataTypes.TimestampType))
                    .repartitionByRange(outputFiles, order)
                    .sortWithinPartitions(order)
                    .write().format("iceberg")
                    .option("target-file-size-bytes", Long.toString(targetFileSize))
                    .option("distribution-mode", "none")
                    .mode("append")
                    .save(groupId);
            return FileRewriteCoordinator.get().fetchNewFiles(raw, groupId);
        } finally {
            SparkTableCache.get().remove(groupId);
            ScanTaskSetManager.get().removeTasks(raw, groupId);
            FileRewriteCoordinator.get().clearRewrite(raw, groupId);
        }
    }

    private static List<FileScanTask> dayFiles(Table raw, Instant day) {
        long start = SourceChanges.micros(day);
        long end = SourceChanges.micros(day.plus(1, ChronoUnit.DAYS));
        List<FileScanTask> tasks = new ArrayList<>();
        try (CloseableIterable<FileScanTask> planned = raw.newScan()
                .filter(and(greaterThanOrEqual(Columns.TS, start), lessThan(Columns.TS, end)))
                .includeColumnStats().planFiles()) {
            planned.forEach(tasks::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tasks;
    }

    /** From the file's null counts (batch_id has metrics mode counts, ingested_at the default). */
    private static boolean ingestColumnsNull(Table raw, FileScanTask task) {
        Map<Integer, Long> nulls = task.file().nullValueCounts();
        return nulls != null && allNull(raw, nulls, task, Columns.BATCH_ID) && allNull(raw, nulls, task, Columns.INGESTED_AT);
    }

    private static boolean allNull(Table raw, Map<Integer, Long> nulls, FileScanTask task, String column) {
        Long count = nulls.get(raw.schema().findField(column).fieldId());
        return count != null && count == task.file().recordCount();
    }
}
