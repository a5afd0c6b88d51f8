package io.metrics.lakehouse.batch;

import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.lessThan;

import io.metrics.lakehouse.schemas.MetricsTables;
import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Expires whole partitions older than each table's retention, measured from a given instant. Deletes are
 * metadata-only Iceberg deletes of whole partitions (the cutoffs are on partition boundaries), so they
 * rewrite no data and are {@code delete} snapshots, which {@link SourceChanges} does not count as a
 * change of a rollup's source.
 *
 * <p>Raw points are expired one day at a time, and only days whose 24 hours of 1-minute rollups (for all
 * metrics: metric prefix "") are logged complete: raw is the only copy of the data until then.
 */
final class RetentionJob {

    /** The retention of each tier (resolved from table properties and options); null: kept forever. */
    record Periods(Duration raw, Duration speedRollup1m, Duration rollup1m,
            Duration rollup1h) {
    }

    private final BatchSession session;
    private final Consumer<String> report;

    RetentionJob(BatchSession session, Consumer<String> report) {
        this.session = session;
        this.report = report;
    }

    /** Cutoffs are rounded down to the table's partition boundary: only whole partitions expire. */
    void run(Instant now, Periods periods) {
        if (periods.raw() != null) {
            expireRawDays(now.minus(periods.raw()).truncatedTo(ChronoUnit.DAYS));
        }
        expireBefore(MetricsTables.SPEED_ROLLUP_1M, now, periods.speedRollup1m(), ChronoUnit.HOURS);
        expireBefore(MetricsTables.ROLLUP_1M, now, periods.rollup1m(), ChronoUnit.HOURS);
        expireBefore(MetricsTables.ROLLUP_1H, now, periods.rollup1h(), ChronoUnit.DAYS);
    }

    private void expireRawDays(Instant cutoff) {
        Table raw = session.icebergTable(MetricsTables.RAW_POINTS);
        for (Instant day : RawDays.before(raw, cutoff)) {
            Instant next = day.plus(1, ChronoUnit.DAYS);
            DayCoverage coverage = DayCoverage.of(session, day, "");
            String line = "retention table=" + MetricsTables.RAW_POINTS + " partition=" + day.toString().substring(0, 10);
            if (!coverage.complete()) {
                report.accept(line + " action=kept reason=1m-rollups-not-complete " + coverage.describe());
                continue;
            }
            Snapshot deleted = delete(raw, and(greaterThanOrEqual(Columns.TS, micros(day)), lessThan(Columns.TS, micros(next))));
            report.accept(line + " action=expired" + counts(deleted));
        }
    }

    private void expireBefore(String tableName, Instant now, Duration period, ChronoUnit partitionUnit) {
        if (period == null) {
            report.accept("retention table=" + tableName + " action=none reason=no-retention");
            return;
        }
        Instant cutoff = now.minus(period).truncatedTo(partitionUnit);
        Table table = session.icebergTable(tableName);
        String line = "retention table=" + tableName + " before=" + cutoff;
        if (!hasFiles(table, lessThan(Columns.BUCKET_START, micros(cutoff)))) {
            report.accept(line + " action=none");
            return;
        }
        report.accept(line + " action=expired" + counts(delete(table, lessThan(Columns.BUCKET_START, micros(cutoff)))));
    }

    /** A metadata-only delete: fails rather than rewriting files if the filter splits a file. */
    private static Snapshot delete(Table table, Expression rows) {
        table.newDelete().deleteFromRowFilter(rows).commit();
        table.refresh();
        return table.currentSnapshot();
    }

    private static String counts(Snapshot snapshot) {
        Map<String, String> summary = snapshot.summary();
        return " files=" + summary.getOrDefault("deleted-data-files", "0")
                + " rows=" + summary.getOrDefault("deleted-records", "0");
    }

    private static boolean hasFiles(Table table, Expression rows) {
        if (table.currentSnapshot() == null) {
            return false;
        }
        try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(rows).planFiles()) {
            return tasks.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long micros(Instant instant) {
        return SourceChanges.micros(instant);
    }
}
