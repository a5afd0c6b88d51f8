package io.metrics.lakehouse.batch;

import java.time.Instant;
import picocli.CommandLine.Option;

/** {@code --from --to [--metric-prefix]}: the time range and metrics a command covers. */
public final class RangeOptions {

    @Option(names = "--from", required = true,
            description = "Start of the range (inclusive), ISO-8601 UTC on a partition boundary, e.g. 2026-01-01T00:00:00Z.")
    Instant from;

    @Option(names = "--to", required = true,
            description = "End of the range (exclusive), ISO-8601 UTC on a partition boundary.")
    Instant to;

    @Option(names = "--metric-prefix", defaultValue = "",
            description = "Only metrics whose name starts with this prefix (default: all metrics).")
    String metricPrefix;

    /** Rejects a range that does not start and end on partition boundaries of {@code granularity}. */
    void requireAligned(Granularity granularity) {
        if (!granularity.isPartitionBoundary(from) || !granularity.isPartitionBoundary(to)) {
            throw new IllegalArgumentException("--from and --to must be on " + granularity.code()
                    + " partition boundaries (whole hours UTC): " + from + ", " + to);
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
        }
    }
}
