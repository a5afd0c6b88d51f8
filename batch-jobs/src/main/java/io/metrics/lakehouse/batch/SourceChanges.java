package io.metrics.lakehouse.batch;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * What changed in a rollup's source table, snapshot by snapshot: for each snapshot in the current
 * ancestry that appended or overwrote data, the time ranges (from the files' column bounds) of the
 * data files it added or removed. A partition logged complete at source snapshot S is stale when a
 * snapshot after S touched its time range.
 *
 * <p>Deliberately ignored: {@code replace} (compaction: same rows in new files) and {@code delete}
 * (retention expiring old raw points must not make their finished rollups look stale, or a backfill
 * would recompute them from nothing).
 */
final class SourceChanges {

    private record Change(long snapshotId, long committedAtMillis, List<long[]> rangesMicros) {
    }

    /** Newest first. */
    private final List<Change> changes;

    private SourceChanges(List<Change> changes) {
        this.changes = changes;
    }

    /** Walks the whole retained ancestry of the table's current snapshot. */
    static SourceChanges of(Table table, String timeColumn) {
        int fieldId = table.schema().findField(timeColumn).fieldId();
        List<Change> changes = new ArrayList<>();
        for (Snapshot snapshot = table.currentSnapshot(); snapshot != null;
                snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId())) {
            String op = snapshot.operation();
            if (!DataOperations.APPEND.equals(op) && !DataOperations.OVERWRITE.equals(op)) {
                continue;
            }
            List<long[]> ranges = new ArrayList<>();
            snapshot.addedDataFiles(table.io()).forEach(f -> ranges.add(range(f, fieldId, table)));
            snapshot.removedDataFiles(table.io()).forEach(f -> ranges.add(range(f, fieldId, table)));
            changes.add(new Change(snapshot.snapshotId(), snapshot.timestampMillis(), ranges));
        }
        return new SourceChanges(changes);
    }

    /**
     * Whether data in [start, end) changed after the logged source snapshot. When that snapshot is no
     * longer in the ancestry (expired), the snapshots committed after the log row count instead.
     */
    boolean changedSince(LogEntry entry) {
        long start = micros(entry.partitionStart());
        long end = micros(entry.partitionEnd());
        Long since = entry.sourceSnapshotId();
        boolean sinceKnown = since != null && changes.stream().anyMatch(c -> c.snapshotId() == since);
        for (Change change : changes) {
            if (sinceKnown && change.snapshotId() == since) {
                return false;
            }
            if (!sinceKnown && since != null && change.committedAtMillis() <= entry.completedAt().toEpochMilli()) {
                return false;
            }
            for (long[] range : change.rangesMicros()) {
                if (range[0] < end && range[1] >= start) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * [lower, upper] of the file's time column in microseconds. Manifests keep no column stats for the
     * files a snapshot removed, so those fall back to the range of the file's time partition (an hour or a
     * day); unbounded when neither is known.
     */
    private static long[] range(ContentFile<?> file, int fieldId, Table table) {
        ByteBuffer lower = file.lowerBounds() == null ? null : file.lowerBounds().get(fieldId);
        ByteBuffer upper = file.upperBounds() == null ? null : file.upperBounds().get(fieldId);
        if (lower != null && upper != null) {
            return new long[] {timestampMicros(lower), timestampMicros(upper)};
        }
        return partitionRange(file, fieldId, table.specs().get(file.specId()));
    }

    private static long[] partitionRange(ContentFile<?> file, int fieldId, PartitionSpec spec) {
        List<PartitionField> fields = spec == null ? List.of() : spec.fields();
        for (int i = 0; i < fields.size(); i++) {
            PartitionField field = fields.get(i);
            Integer ordinal = field.sourceId() == fieldId ? file.partition().get(i, Integer.class) : null;
            ChronoUnit unit = switch (field.transform().toString()) {
                case "hour" -> ChronoUnit.HOURS;
                case "day" -> ChronoUnit.DAYS;
                default -> null;
            };
            if (ordinal != null && unit != null) {
                long start = unit.getDuration().toSeconds() * ordinal * 1_000_000L;
                return new long[] {start, start + unit.getDuration().toSeconds() * 1_000_000L - 1};
            }
        }
        return new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
    }

    /** A timestamptz column bound (Iceberg's single-value serialization): microseconds since the epoch. */
    static long timestampMicros(ByteBuffer bound) {
        Long value = Conversions.fromByteBuffer(Types.TimestampType.withZone(), bound.duplicate());
        return value;
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
