package io.metrics.lakehouse.batch;

import java.time.Instant;

/** One row of rollup_partition_log. */
public record LogEntry(Granularity granularity, Instant partitionStart, Instant partitionEnd, String metricPrefix,
        long rowCount, String checksum, Long sourceSnapshotId, String jobRunId, Instant completedAt) {
}
