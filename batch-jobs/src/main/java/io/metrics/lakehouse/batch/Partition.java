package io.metrics.lakehouse.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One partition of a rollup table: [start, end) at a granularity. */
public record Partition(Granularity granularity, Instant start, Instant end) {

    /**
     * The partitions of {@code granularity} that intersect [from, to), in time order (a 1h plan over
     * 2026-01-01T05:00Z..07:00Z is the whole day 2026-01-01).
     */
    public static List<Partition> covering(Granularity granularity, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
        }
        List<Partition> partitions = new ArrayList<>();
        for (Instant start = granularity.partitionStartOf(from); start.isBefore(to);
                start = start.plus(granularity.partitionSize())) {
            partitions.add(new Partition(granularity, start, start.plus(granularity.partitionSize())));
        }
        return partitions;
    }

    @Override
    public String toString() {
        return granularity.code() + "/" + start;
    }
}
