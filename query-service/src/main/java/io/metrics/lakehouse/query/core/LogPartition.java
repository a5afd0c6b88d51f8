package io.metrics.lakehouse.query.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A rollup partition as {@code rollup_partition_log} names it: granularity {@code 1m} (an hour of
 * {@code rollup_1m}) or {@code 1h} (an hour of {@code rollup_1h}) and its start.
 */
public record LogPartition(String granularity, Instant start) {

    public static final String MINUTE = "1m";
    public static final String HOUR = "1h";

    /** The {@code rollup_1m} partition holding {@code instant}: its hour. */
    public static LogPartition rollup1m(Instant instant) {
        return new LogPartition(MINUTE, instant.truncatedTo(ChronoUnit.HOURS));
    }

    /** The {@code rollup_1h} partition holding {@code instant}: its hour. */
    public static LogPartition rollup1h(Instant instant) {
        return new LogPartition(HOUR, instant.truncatedTo(ChronoUnit.HOURS));
    }
}
