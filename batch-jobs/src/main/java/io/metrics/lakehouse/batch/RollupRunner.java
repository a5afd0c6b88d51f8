package io.metrics.lakehouse.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import org.apache.iceberg.Snapshot;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Computes one rollup partition and commits it: read the source at its current snapshot, compute the
 * buckets, atomically overwrite exactly that partition of the target (one Iceberg overwrite commit),
 * checksum what the target now holds, then append the completion row to rollup_partition_log.
 *
 * <p>With a metric prefix, only the prefix's rows of the partition are replaced: the commit rewrites
 * the partition with the other metrics' rows carried over unchanged, so that it stays one atomic
 * partition overwrite; row count and checksum cover the prefix's rows only.
 *
 * <p>A crash between the overwrite and the log row leaves the partition recomputed but not logged:
 * it is "missing", and the next run recomputes it (same result).
 */
final class RollupRunner {

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
        source.filter(inPartition(partition, granularity.sourceTimeColumn()).and(ofPrefix(metricPrefix)))
                .createOrReplaceTempView(RollupQueries.SOURCE_VIEW);
        Dataset<Row> computed = granularity == Granularity.MINUTE
                ? RollupQueries.minutes(session.spark())
                : RollupQueries.hours(session.spark());

        String target = session.tableName(granularity.targetTable());
        Column partitionRows = inPartition(partition, Columns.BUCKET_START);
        Dataset<Row> written = conformTo(computed, session.spark().table(target).schema());
        if (!metricPrefix.isEmpty()) {
            Snapshot targetSnapshot = session.icebergTable(granularity.targetTable()).currentSnapshot();
            if (targetSnapshot != null) {
                Dataset<Row> others = session.spark()
                        .sql("SELECT * FROM " + target + " VERSION AS OF " + targetSnapshot.snapshotId())
                        .filter(partitionRows.and(not(ofPrefix(metricPrefix))));
                written = written.unionByName(others);
            }
        }
        session.overwrite(written, target, partitionRows);

        PartitionChecksum checksum = stored(session, partition, metricPrefix);
        LogEntry entry = new LogEntry(granularity, partition.start(), partition.end(), metricPrefix,
                checksum.rows(), checksum.hex(), sourceSnapshotId, jobRunId, clock.instant());
        log.append(entry);
        return entry;
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
        Column[] order = Arrays.stream(PartitionChecksum.SORT_COLUMNS).map(c -> col(c).asc()).toArray(Column[]::new);
        // toLocalIterator streams one Spark partition at a time through the driver: the hash needs one
        // total order, and this keeps the driver's memory bounded by a Spark partition, not the hour.
        return PartitionChecksum.of(session.spark().table(target).filter(rows).sort(order).toLocalIterator());
    }

    static Column inPartition(Partition partition, String timeColumn) {
        return col(timeColumn).geq(lit(Timestamp.from(partition.start())))
                .and(col(timeColumn).lt(lit(Timestamp.from(partition.end()))));
    }

    static Column ofPrefix(String metricPrefix) {
        return metricPrefix.isEmpty() ? lit(true) : col(Columns.METRIC).startsWith(metricPrefix);
    }

    /**
     * The computed rows with the table's exact schema: the identity columns are non-nullable in the
     * table, and Spark types the results of date_trunc and friends as nullable although they are not.
     */
    private Dataset<Row> conformTo(Dataset<Row> computed, StructType tableSchema) {
        Column[] columns = Arrays.stream(tableSchema.fieldNames()).map(name -> col(name)).toArray(Column[]::new);
        return session.spark().createDataFrame(computed.select(columns).javaRDD(), tableSchema);
    }
}
