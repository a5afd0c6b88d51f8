package io.metrics.lakehouse.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import io.metrics.lakehouse.spark.rollup.Rollups;
import org.apache.iceberg.Snapshot;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Computes one rollup partition and commits it: read the source at its current snapshot, compute the
 * buckets, atomically overwrite exactly that partition of the target (one Iceberg overwrite commit),
 * checksum what the target now holds, add the run's new series to {@code series} (1m only), then append
 * the completion row to rollup_partition_log.
 *
 * <p>With a metric prefix, only the prefix's rows of the partition are replaced: the commit rewrites
 * the partition with the other metrics' rows carried over unchanged, so that it stays one atomic
 * partition overwrite; row count and checksum cover the prefix's rows only.
 *
 * <p>A crash between the overwrite and the log row leaves the partition recomputed but not logged:
 * it is "missing", and the next run recomputes it (same result).
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

    LogEntry run(Partition partition, String metricPrefix) {
        Granularity granularity = partition.granularity();
        Snapshot sourceSnapshot = session.icebergTable(granularity.sourceTable()).currentSnapshot();
        Long sourceSnapshotId = sourceSnapshot == null ? null : sourceSnapshot.snapshotId();

        Dataset<Row> source = sourceSnapshotId == null
                ? session.spark().table(session.tableName(granularity.sourceTable()))
                : session.spark().sql("SELECT * FROM " + session.tableName(granularity.sourceTable())
                        + " VERSION AS OF " + sourceSnapshotId);
        source = source.filter(inPartition(partition, granularity.sourceTimeColumn()).and(ofPrefix(metricPrefix)));
        Dataset<Row> computed = granularity == Granularity.MINUTE
                ? Rollups.minutes(source)
                : Rollups.merged(source, "hour");

        String target = session.tableName(granularity.targetTable());
        Column partitionRows = inPartition(partition, Columns.BUCKET_START);
        Dataset<Row> written = computed;
        if (!metricPrefix.isEmpty()) {
            Snapshot targetSnapshot = session.icebergTable(granularity.targetTable()).currentSnapshot();
            if (targetSnapshot != null) {
                Dataset<Row> others = session.spark()
                        .sql("SELECT * FROM " + target + " VERSION AS OF " + targetSnapshot.snapshotId())
                        .filter(partitionRows.and(not(ofPrefix(metricPrefix))));
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
            session.overwriteSorted(sorted, target, partitionRows);
            // Before the log row: queries read the tags of a logged minute hour from series.
            if (granularity == Granularity.MINUTE) {
                new SeriesCatalogWriter(session).addNew(sorted);
            }
            PartitionChecksum checksum = PartitionChecksum.of(sorted.filter(ofPrefix(metricPrefix)).toLocalIterator());
            LogEntry entry = new LogEntry(granularity, partition.start(), partition.end(), metricPrefix,
                    checksum.rows(), checksum.hex(), sourceSnapshotId, jobRunId, clock.instant());
            log.append(entry);
            return entry;
        } finally {
            sorted.unpersist();
            unsorted.unpersist();
        }
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

    static Column inPartition(Partition partition, String timeColumn) {
        return col(timeColumn).geq(lit(Timestamp.from(partition.start())))
                .and(col(timeColumn).lt(lit(Timestamp.from(partition.end()))));
    }

    static Column ofPrefix(String metricPrefix) {
        return metricPrefix.isEmpty() ? lit(true) : col(Columns.METRIC).startsWith(metricPrefix);
    }
}
