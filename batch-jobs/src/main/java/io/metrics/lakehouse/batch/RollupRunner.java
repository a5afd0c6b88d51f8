package io.metrics.lakehouse.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import io.metrics.lakehouse.spark.TableRows;
import io.metrics.lakehouse.spark.rollup.Rollups;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Computes rollup partitions of one target table partition and commits them: read the source at its
 * current snapshot, compute the buckets, atomically overwrite the target's Iceberg partition holding them
 * (one overwrite commit), checksum each computed partition as the target now holds it, add the run's new
 * series to {@code series} (1m only), then append their completion rows to rollup_partition_log (one append).
 *
 * <p>Rows of the table partition that were not computed are carried over unchanged, so the commit stays
 * one atomic partition overwrite: the other metrics' rows when a metric prefix is given (row count and
 * checksum cover the prefix's rows only), and for rollup_1h, whose table partitions are days, the day's
 * other hours. A day of rollup_1h therefore stays one sorted file however many runs built it hour by
 * hour (reading a day of hourly rows back costs 1/60 of the hour of minute rows each run reads anyway).
 *
 * <p>A crash between the overwrite and the log rows leaves the partitions recomputed but not logged:
 * they are "missing", and the next run recomputes them (same result).
 */
final class RollupRunner {

    /** Rows one task sorts and writes (one file of ~60 MB of 1m rows at ~30 B per row). */
    static final long ROWS_PER_SORT_TASK = 2_000_000;

    private final BatchSession session;
    private final PartitionLog log;
    private final String jobRunId;
    private final Clock clock;

    RollupRunner(BatchSession session, String jobRunId, Clock clock) {
        this.session = session;
        this.log = new PartitionLog(session);
        this.jobRunId = jobRunId;
        this.clock = clock;
    }

    /** Computes one partition; see {@link #run(List, String)}. */
    LogEntry run(Partition partition, String metricPrefix) {
        return run(List.of(partition), metricPrefix).get(0);
    }

    /**
     * Computes {@code partitions} (of one granularity, all in one Iceberg partition of the target table)
     * in one commit and logs one entry per partition, in the given order.
     */
    List<LogEntry> run(List<Partition> partitions, String metricPrefix) {
        Granularity granularity = partitions.get(0).granularity();
        Partition tablePartition = tablePartitionOf(partitions);
        Snapshot sourceSnapshot = session.icebergTable(granularity.sourceTable()).currentSnapshot();
        Long sourceSnapshotId = sourceSnapshot == null ? null : sourceSnapshot.snapshotId();

        Dataset<Row> source = sourceSnapshotId == null
                ? session.spark().table(session.tableName(granularity.sourceTable()))
                : session.spark().sql("SELECT * FROM " + session.tableName(granularity.sourceTable())
                        + " VERSION AS OF " + sourceSnapshotId);
        source = source.filter(inAny(partitions, granularity.sourceTimeColumn()).and(ofPrefix(metricPrefix)));
        Dataset<Row> computed = granularity == Granularity.MINUTE
                ? Rollups.minutes(source)
                : Rollups.merged(source, "hour");

        String target = session.tableName(granularity.targetTable());
        Column tableRows = inPartition(tablePartition, Columns.BUCKET_START);
        Dataset<Row> written = TableRows.conform(computed, target);
        boolean wholeTablePartition = partitions.size() == Partition.covering(granularity, tablePartition.start(),
                tablePartition.end()).size();
        Long carriedFrom = null;
        if (!metricPrefix.isEmpty() || !wholeTablePartition) {
            Snapshot targetSnapshot = session.icebergTable(granularity.targetTable()).currentSnapshot();
            if (targetSnapshot != null) {
                carriedFrom = targetSnapshot.snapshotId();
                Column replaced = inAny(partitions, Columns.BUCKET_START).and(ofPrefix(metricPrefix));
                Dataset<Row> others = session.spark()
                        .sql("SELECT * FROM " + target + " VERSION AS OF " + targetSnapshot.snapshotId())
                        .filter(tableRows.and(not(replaced)));
                written = written.unionByName(others);
            }
        }
        // Computed once: the rows are cached, sorted in the table's sort order (which is the checksum's
        // order), written as they are and hashed from the cache. Left to the table's range distribution,
        // the write would run the whole computation twice (a sampling pass, then the write), and reading
        // the partition back for the checksum would read and sort it again.
        Dataset<Row> unsorted = written.persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> sorted = totalOrder(unsorted).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            session.overwriteSorted(sorted, target, tableRows, carriedFrom);
            Map<Instant, PartitionChecksum> checksums = checksums(sorted, partitions, metricPrefix);
            Instant completedAt = clock.instant();
            List<LogEntry> entries = new ArrayList<>();
            for (Partition partition : partitions) {
                PartitionChecksum checksum = checksums.get(partition.start());
                entries.add(new LogEntry(granularity, partition.start(), partition.end(), metricPrefix,
                        checksum.rows(), checksum.hex(), sourceSnapshotId, jobRunId, completedAt));
            }
            log.append(entries);
            return entries;
        } finally {
            sorted.unpersist();
            unsorted.unpersist();
        }
    }

    /**
     * The checksum of each computed partition, in one pass over the sorted rows: each partition's rows
     * keep the total order within the whole, so hashing them as they come gives each partition's own
     * checksum (a filtered pass per partition would be 24 Spark jobs for a day of hours).
     */
    private static Map<Instant, PartitionChecksum> checksums(Dataset<Row> sorted, List<Partition> partitions,
            String metricPrefix) {
        Map<Instant, PartitionChecksum> checksums = new HashMap<>();
        partitions.forEach(p -> checksums.put(p.start(), new PartitionChecksum()));
        Granularity granularity = partitions.get(0).granularity();
        sorted.filter(inAny(partitions, Columns.BUCKET_START).and(ofPrefix(metricPrefix))).toLocalIterator()
                .forEachRemaining(row -> checksums.get(granularity.partitionStartOf(
                        PartitionLog.instant(row, Columns.BUCKET_START))).add(row));
        return checksums;
    }

    /**
     * The rows in one total order. A partition of up to {@link #ROWS_PER_SORT_TASK} rows (an hour of 1m
     * buckets of ~33,000 series) is sorted by one task into one file: a global sort would sample its
     * input first (one more Spark job over the cache) and write one small file per shuffle partition.
     */
    private static Dataset<Row> totalOrder(Dataset<Row> cached) {
        long rows = cached.count();
        return rows <= ROWS_PER_SORT_TASK
                ? cached.coalesce(1).sortWithinPartitions(checksumOrder())
                : cached.repartitionByRange((int) Math.min(Integer.MAX_VALUE, (rows + ROWS_PER_SORT_TASK - 1)
                        / ROWS_PER_SORT_TASK), checksumOrder()).sortWithinPartitions(checksumOrder());
    }

    private static Column[] checksumOrder() {
        return Arrays.stream(PartitionChecksum.SORT_COLUMNS).map(c -> col(c).asc()).toArray(Column[]::new);
    }

    /**
     * The checksum of a partition's rows (of the prefix's metrics) as the target table stores them now:
     * what the run logs, and what {@code verify} recomputes.
     */
    static PartitionChecksum stored(BatchSession session, Partition partition, String metricPrefix) {
        String target = session.tableName(partition.granularity().targetTable());
        // Spark's catalog caches loaded tables: refresh so that commits by other engines (Trino) are seen.
        session.icebergTable(partition.granularity().targetTable());
        Column rows = inPartition(partition, Columns.BUCKET_START).and(ofPrefix(metricPrefix));
        // toLocalIterator streams one Spark partition at a time through the driver: the hash needs one
        // total order, and this keeps the driver's memory bounded by a Spark partition, not the hour.
        return PartitionChecksum.of(session.spark().table(target).filter(rows).sort(checksumOrder()).toLocalIterator());
    }

    /** The target's Iceberg partition holding all of {@code partitions}; rejects partitions of several. */
    private static Partition tablePartitionOf(List<Partition> partitions) {
        Granularity granularity = partitions.get(0).granularity();
        Instant start = granularity.tablePartitionStartOf(partitions.get(0).start());
        for (Partition partition : partitions) {
            if (partition.granularity() != granularity || !granularity.tablePartitionStartOf(partition.start()).equals(start)) {
                throw new IllegalArgumentException("one run computes partitions of one table partition: " + partitions);
            }
        }
        return new Partition(granularity, start, start.plus(1, granularity.tablePartitionUnit()));
    }

    private static Column inAny(List<Partition> partitions, String timeColumn) {
        return partitions.stream().map(p -> inPartition(p, timeColumn)).reduce(Column::or).orElseThrow();
    }

    static Column inPartition(Partition partition, String timeColumn) {
        return col(timeColumn).geq(lit(Timestamp.from(partition.start())))
                .and(col(timeColumn).lt(lit(Timestamp.from(partition.end()))));
    }

    static Column ofPrefix(String metricPrefix) {
        return metricPrefix.isEmpty() ? lit(true) : col(Columns.METRIC).startsWith(metricPrefix);
    }
}
