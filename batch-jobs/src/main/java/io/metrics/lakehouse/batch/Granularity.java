package io.metrics.lakehouse.batch;

import io.metrics.lakehouse.schemas.MetricsTables;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.ITypeConverter;

/**
 * The two authoritative rollups: what each reads, what it writes, how large one partition (the unit of
 * logging, checksums and backfill planning: an hour at both granularities) is, and how large the target
 * table's Iceberg partition (the unit a commit rewrites) is.
 *
 * <p>Hourly rollups are logged per hour although rollup_1h stores days: query-service serves today's
 * completed hours from rollup_1h instead of 60 times as many rollup_1m rows, which a 30-day panel would
 * otherwise read for up to a day (at 10,000 series, 13M of its 20M rows).
 */
public enum Granularity {

    /** 1-minute buckets from raw_points: hours, in hour partitions of rollup_1m. */
    MINUTE(MetricsTables.GRANULARITY_1M, MetricsTables.RAW_POINTS, MetricsTables.Columns.TS,
            MetricsTables.ROLLUP_1M, ChronoUnit.HOURS),

    /** Hourly buckets from rollup_1m: hours, in day partitions of rollup_1h. */
    HOUR(MetricsTables.GRANULARITY_1H, MetricsTables.ROLLUP_1M, MetricsTables.Columns.BUCKET_START,
            MetricsTables.ROLLUP_1H, ChronoUnit.DAYS);

    private final String code;
    private final String sourceTable;
    private final String sourceTimeColumn;
    private final String targetTable;
    private final ChronoUnit tablePartitionUnit;

    Granularity(String code, String sourceTable, String sourceTimeColumn, String targetTable,
            ChronoUnit tablePartitionUnit) {
        this.code = code;
        this.sourceTable = sourceTable;
        this.sourceTimeColumn = sourceTimeColumn;
        this.targetTable = targetTable;
        this.tablePartitionUnit = tablePartitionUnit;
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

    /** The size of a logged partition: an hour. */
    public Duration partitionSize() {
        return Duration.ofHours(1);
    }

    /** The start of the logged partition holding {@code instant}. */
    public Instant partitionStartOf(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS);
    }

    /**
     * The start of the target table's Iceberg partition holding {@code instant} (rollup_1m: its hour;
     * rollup_1h: its UTC day): what one commit rewrites, and what retention deletes whole.
     */
    public Instant tablePartitionStartOf(Instant instant) {
        return instant.truncatedTo(tablePartitionUnit);
    }

    public ChronoUnit tablePartitionUnit() {
        return tablePartitionUnit;
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
