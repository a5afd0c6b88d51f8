package io.metrics.lakehouse.batch;

import io.metrics.lakehouse.schemas.MetricsTables;
import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/** Reads and appends rollup_partition_log (append-only: the latest completed_at of a partition wins). */
final class PartitionLog {

    private final BatchSession session;

    PartitionLog(BatchSession session) {
        this.session = session;
    }

    /** Appends the entries in one commit. */
    void append(List<LogEntry> entries) {
        String table = session.tableName(MetricsTables.ROLLUP_PARTITION_LOG);
        StructType schema = session.spark().table(table).schema();
        List<Row> rows = entries.stream().map(entry -> RowFactory.create(entry.granularity().code(),
                Timestamp.from(entry.partitionStart()), Timestamp.from(entry.partitionEnd()), entry.metricPrefix(),
                entry.rowCount(), entry.checksum(), entry.sourceSnapshotId(), entry.jobRunId(),
                Timestamp.from(entry.completedAt()))).toList();
        session.append(session.spark().createDataFrame(rows, schema), table);
    }

    /** The latest entry of each partition of this granularity and prefix starting in [from, to). */
    Map<Instant, LogEntry> latest(Granularity granularity, String metricPrefix, Instant from, Instant to) {
        List<Row> rows = session.spark().table(session.tableName(MetricsTables.ROLLUP_PARTITION_LOG))
                .filter(col(Columns.GRANULARITY).equalTo(lit(granularity.code()))
                        .and(col(Columns.METRIC_PREFIX).equalTo(lit(metricPrefix)))
                        .and(col(Columns.PARTITION_START).geq(lit(Timestamp.from(from))))
                        .and(col(Columns.PARTITION_START).lt(lit(Timestamp.from(to)))))
                .collectAsList();
        Map<Instant, LogEntry> latest = new HashMap<>();
        for (Row row : rows) {
            LogEntry entry = new LogEntry(granularity, instant(row, Columns.PARTITION_START),
                    instant(row, Columns.PARTITION_END), row.getAs(Columns.METRIC_PREFIX),
                    row.<Long>getAs(Columns.ROW_COUNT), row.getAs(Columns.CHECKSUM),
                    row.getAs(Columns.SOURCE_SNAPSHOT_ID), row.getAs(Columns.JOB_RUN_ID),
                    instant(row, Columns.COMPLETED_AT));
            latest.merge(entry.partitionStart(), entry,
                    (a, b) -> a.completedAt().isAfter(b.completedAt()) ? a : b);
        }
        return latest;
    }

    static Instant instant(Row row, String column) {
        Object value = row.getAs(column);
        return value instanceof Instant i ? i : ((Timestamp) value).toInstant();
    }
}
