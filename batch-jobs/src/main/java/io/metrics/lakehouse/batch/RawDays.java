package io.metrics.lakehouse.batch;

import static org.apache.iceberg.expressions.Expressions.lessThan;

import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.TreeSet;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/** The UTC days raw_points holds data for (raw is partitioned by day), read from the files' time bounds. */
final class RawDays {

    private RawDays() {
    }

    /** Days (by the files' lower ts bounds) that hold data before {@code cutoff}. */
    static TreeSet<Instant> before(Table raw, Instant cutoff) {
        TreeSet<Instant> days = new TreeSet<>();
        if (raw.currentSnapshot() == null) {
            return days;
        }
        int fieldId = raw.schema().findField(Columns.TS).fieldId();
        try (CloseableIterable<FileScanTask> tasks = raw.newScan()
                .filter(lessThan(Columns.TS, SourceChanges.micros(cutoff))).includeColumnStats().planFiles()) {
            for (FileScanTask task : tasks) {
                ByteBuffer lower = task.file().lowerBounds() == null ? null : task.file().lowerBounds().get(fieldId);
                if (lower == null) {
                    throw new IllegalStateException("raw_points file without a ts lower bound: " + task.file().location());
                }
                days.add(Instant.EPOCH.plus(SourceChanges.timestampMicros(lower), ChronoUnit.MICROS)
                        .truncatedTo(ChronoUnit.DAYS));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return days;
    }
}
