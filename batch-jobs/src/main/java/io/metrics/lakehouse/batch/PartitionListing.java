package io.metrics.lakehouse.batch;

import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --from --to [--granularity] [--metric-prefix]}: the partitions a reporting command (status,
 * verify) goes through, the hours of the range: 1m first, then 1h.
 */
public final class PartitionListing {

    @Mixin
    RangeOptions range;

    @Option(names = "--granularity", converter = Granularity.Converter.class,
            description = "1m or 1h (default: both).")
    Granularity granularity;

    /** The partitions of each listed granularity, in time order; rejects a range not on whole hours. */
    List<List<Partition>> plans() {
        range.requireAligned(Granularity.MINUTE);
        List<Granularity> granularities = granularity == null ? List.of(Granularity.values()) : List.of(granularity);
        return granularities.stream().map(g -> Partition.covering(g, range.from, range.to)).toList();
    }

    String metricPrefix() {
        return range.metricPrefix;
    }
}
