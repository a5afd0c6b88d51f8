package io.metrics.lakehouse.batch;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataOperations;
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
            snapshot.addedDataFiles(table.io()).forEach(f -> ranges.add(range(f, fieldId)));
            snapshot.removedDataFiles(table.io()).forEach(f -> ranges.add(range(f, fieldId)));
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

    /** [lower, upper] of the file's time column in microseconds; unbounded when the file has no bounds. */
    private static long[] range(ContentFile<?> file, int fieldId) {
        long lower = bound(file.lowerBounds() == null ? null : file.lowerBounds().get(fieldId), Long.MIN_VALUE);
        long upper = bound(file.upperBounds() == null ? null : file.upperBounds().get(fieldId), Long.MAX_VALUE);
        return new long[] {lower, upper};
    }

    private static long bound(ByteBuffer buffer, long missing) {
        return buffer == null ? missing : timestampMicros(buffer);
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
