package io.metrics.lakehouse.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Instant;

/**
 * The state of a rollup partition: complete (logged, and its source has not changed in its range
 * since the logged source snapshot), stale (logged, but the source changed since), missing (never
 * logged).
 */
public record PartitionStatus(Partition partition, State state, LogEntry latest) {

    public enum State {
        COMPLETE, STALE, MISSING;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The states of the given partitions (all of one granularity), from the log and the source's history. */
    static List<PartitionStatus> of(BatchSession session, List<Partition> partitions, String metricPrefix) {
        if (partitions.isEmpty()) {
            return List.of();
        }
        Granularity granularity = partitions.get(0).granularity();
        Instant from = partitions.get(0).start();
        Instant to = partitions.get(partitions.size() - 1).end();
        Map<Instant, LogEntry> logged = new PartitionLog(session).latest(granularity, metricPrefix, from, to);
        SourceChanges changes = logged.isEmpty() ? null
                : SourceChanges.of(session.icebergTable(granularity.sourceTable()), granularity.sourceTimeColumn());
        List<PartitionStatus> states = new ArrayList<>();
        for (Partition partition : partitions) {
            LogEntry entry = logged.get(partition.start());
            State state = entry == null ? State.MISSING
                    : changes.changedSince(entry) ? State.STALE : State.COMPLETE;
            states.add(new PartitionStatus(partition, state, entry));
        }
        return states;
    }

    /** {@code 1m 2026-01-01T00:00:00Z complete rows=120 checksum=... source_snapshot=... job_run_id=...}. */
    @Override
    public String toString() {
        String line = partition.granularity().code() + " " + partition.start() + " " + state.label();
        if (latest != null) {
            line += " rows=" + latest.rowCount() + " checksum=" + latest.checksum()
                    + " source_snapshot=" + (latest.sourceSnapshotId() == null ? "none" : latest.sourceSnapshotId())
                    + " completed_at=" + latest.completedAt() + " job_run_id=" + latest.jobRunId();
        }
        return line;
    }
}
