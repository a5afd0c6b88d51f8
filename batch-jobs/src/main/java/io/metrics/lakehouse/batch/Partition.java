package io.metrics.lakehouse.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One partition of a rollup table: [start, end) at a granularity. */
public record Partition(Granularity granularity, Instant start, Instant end) {

    /**
     * The partitions of {@code granularity} that intersect [from, to), in time order.
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

    /**
     * {@code partitions} grouped by the target table partition holding them, in order: what one
     * {@link RollupRunner} commit computes (a 1m hour alone; the hours of one day of rollup_1h together).
     */
    public static List<List<Partition>> byTablePartition(List<Partition> partitions) {
        return byTablePartition(partitions, Function.identity());
    }

    /** {@code items} grouped by the table partition of {@code partitionOf(item)}, in order. */
    public static <T> List<List<T>> byTablePartition(List<T> items, Function<T, Partition> partitionOf) {
        Map<Instant, List<T>> groups = new LinkedHashMap<>();
        for (T item : items) {
            Partition partition = partitionOf.apply(item);
            groups.computeIfAbsent(partition.granularity().tablePartitionStartOf(partition.start()),
                    k -> new ArrayList<>()).add(item);
        }
        return List.copyOf(groups.values());
    }

    /** The 1m partition of the same hour: the source a 1h partition is built from. */
    public Partition minuteSource() {
        return new Partition(Granularity.MINUTE, start, end);
    }

    @Override
    public String toString() {
        return granularity.code() + "/" + start;
    }
}
