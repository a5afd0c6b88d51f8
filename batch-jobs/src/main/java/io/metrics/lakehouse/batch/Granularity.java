package io.metrics.lakehouse.batch;

import io.metrics.lakehouse.schemas.MetricsTables;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.ITypeConverter;

/**
 * The two authoritative rollups: what each reads, what it writes and how large one partition (the unit
 * of overwrite, of logging and of backfill) is.
 */
public enum Granularity {

    /** 1-minute buckets from raw_points, one hour partition of rollup_1m per run. */
    MINUTE(MetricsTables.GRANULARITY_1M, MetricsTables.RAW_POINTS, MetricsTables.Columns.TS,
            MetricsTables.ROLLUP_1M, Duration.ofHours(1)),

    /** Hourly buckets from rollup_1m, one day partition of rollup_1h per run. */
    HOUR(MetricsTables.GRANULARITY_1H, MetricsTables.ROLLUP_1M, MetricsTables.Columns.BUCKET_START,
            MetricsTables.ROLLUP_1H, Duration.ofDays(1));

    private final String code;
    private final String sourceTable;
    private final String sourceTimeColumn;
    private final String targetTable;
    private final Duration partitionSize;

    Granularity(String code, String sourceTable, String sourceTimeColumn, String targetTable,
            Duration partitionSize) {
        this.code = code;
        this.sourceTable = sourceTable;
        this.sourceTimeColumn = sourceTimeColumn;
        this.targetTable = targetTable;
        this.partitionSize = partitionSize;
    }

    /** The value in {@code rollup_partition_log.granularity} and on the command line: 1m or 1h. */
    public String code() {
        return code;
    }

    public String sourceTable() {
        return sourceTable;
    }

    /** The source's time column (the one its partitioning and file bounds are on). */
    public String sourceTimeColumn() {
        return sourceTimeColumn;
    }

    public String targetTable() {
        return targetTable;
    }

    public Duration partitionSize() {
        return partitionSize;
    }

    /** The start of the partition holding {@code instant}. */
    public Instant partitionStartOf(Instant instant) {
        return instant.truncatedTo(this == MINUTE ? ChronoUnit.HOURS : ChronoUnit.DAYS);
    }

    public boolean isPartitionBoundary(Instant instant) {
        return partitionStartOf(instant).equals(instant);
    }

    public static Granularity ofCode(String code) {
        for (Granularity g : values()) {
            if (g.code.equals(code)) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown granularity '" + code + "' (expected 1m or 1h)");
    }

    /** picocli: {@code --granularity 1m|1h}. */
    public static final class Converter implements ITypeConverter<Granularity> {
        @Override
        public Granularity convert(String value) {
            return ofCode(value);
        }
    }
}
