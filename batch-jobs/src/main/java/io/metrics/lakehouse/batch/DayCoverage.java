package io.metrics.lakehouse.batch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Whether the 24 hours of 1-minute rollups of one UTC day are logged complete (for one metric prefix):
 * what retention needs before it drops the day's raw points.
 */
record DayCoverage(Instant day, List<PartitionStatus> hours) {

    static DayCoverage of(BatchSession session, Instant day, String metricPrefix) {
        return new DayCoverage(day, PartitionStatus.of(session,
                Partition.covering(Granularity.MINUTE, day, day.plus(1, ChronoUnit.DAYS)), metricPrefix));
    }

    List<PartitionStatus> notComplete() {
        return hours.stream().filter(s -> s.state() != PartitionStatus.State.COMPLETE).toList();
    }

    boolean complete() {
        return notComplete().isEmpty();
    }

    /** {@code not_complete=2/24 first=2026-01-01T05:00:00Z:missing}. */
    String describe() {
        List<PartitionStatus> missing = notComplete();
        String line = "not_complete=" + missing.size() + "/" + hours.size();
        if (!missing.isEmpty()) {
            line += " first=" + missing.get(0).partition().start() + ":" + missing.get(0).state().label();
        }
        return line;
    }
}
