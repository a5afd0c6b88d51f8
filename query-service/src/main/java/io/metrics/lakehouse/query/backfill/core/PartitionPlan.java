package io.metrics.lakehouse.query.backfill.core;

import io.metrics.lakehouse.query.backfill.api.PartitionView;
import io.metrics.lakehouse.query.backfill.api.ProgressView;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The partitions a backfill recomputes: every hour of its range in {@code rollup_1m} (log
 * granularity {@code 1m}) and in {@code rollup_1h} (granularity {@code 1h}).
 */
public final class PartitionPlan {

    private PartitionPlan() {
    }

    /** Whole hours of [start, end). */
    public static List<Instant> hours(Instant start, Instant end) {
        return steps(start, end, ChronoUnit.HOURS);
    }

    private static List<Instant> steps(Instant from, Instant to, ChronoUnit unit) {
        List<Instant> starts = new ArrayList<>();
        for (Instant at = from.truncatedTo(unit); at.isBefore(to); at = at.plus(1, unit)) {
            starts.add(at);
        }
        return starts;
    }

    /** Each partition of {@code starts} complete when {@code completed} has it (value: completed_at). */
    public static ProgressView progress(String table, List<Instant> starts, ChronoUnit unit, Map<Instant, Instant> completed) {
        List<PartitionView> partitions = new ArrayList<>(starts.size());
        int complete = 0;
        for (Instant start : starts) {
            Instant at = completed.get(start);
            if (at != null) {
                complete++;
            }
            partitions.add(new PartitionView(start.toString(), start.plus(1, unit).toString(),
                    at != null ? "complete" : "pending", at != null ? at.toString() : null));
        }
        return new ProgressView(table, starts.size(), complete, partitions);
    }
}
