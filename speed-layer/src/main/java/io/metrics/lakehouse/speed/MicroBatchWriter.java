package io.metrics.lakehouse.speed;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import io.metrics.lakehouse.spark.series.SeriesCatalog;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriterV2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the speed layer does with one micro-batch of Kafka records (the {@code foreachBatch} function
 * of its one streaming query, so Kafka is read and decoded once for both sinks):
 *
 * <ol>
 *   <li>decode; records that cannot be used go to the dead-letter topic;
 *   <li>keep one point per (series_id, ts): the first accepted write wins, within the micro-batch
 *       (lowest Kafka offset) and against {@code raw_points} (an anti-join on the committed points
 *       of the micro-batch's time span);
 *   <li>register the series of those points that {@code series} does not hold yet ({@link
 *       SeriesCatalog}): readers take tags from there, so a series is in it before its first point;
 *   <li>append the remaining, new points to {@code raw_points};
 *   <li>MERGE their 1-minute buckets into {@code speed_rollup_1m}.
 * </ol>
 *
 * <p>Dedup key: (series_id, ts) rather than batch_id. A retried batch (same Idempotency-Key, or a
 * producer retry) carries exactly the same (series, ts) pairs, so it is caught too; so is an overlap
 * between different batches (a re-sent scrape); and it is the key of a series' value at one instant
 * in every reader. A batch_id lookup against the table would need an index Iceberg does not have.
 * The anti-join + append is the MERGE "insert when not matched" on that key, done in two steps
 * because the rollup must see exactly the points that were new.
 *
 * <p>Replays: Spark re-runs the last micro-batch after a crash with the same offsets, so steps 1-2
 * give the same points. Each commit carries the epoch ({@link EpochCommits}); a replay skips the
 * commits already in, and computes "new" against the raw table as it was before this epoch's commit,
 * so the rollup gets the same points whether or not the raw commit had happened. A replay therefore
 * gives the same tables.
 */
public final class MicroBatchWriter implements VoidFunction2<Dataset<Row>, Long> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MicroBatchWriter.class);
    /** Set by Spark on the thread that runs a streaming query's micro-batches. */
    private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

    private final SpeedLayerSettings settings;
    /** Lives in the driver only (foreachBatch runs there): not serialized with the function. */
    private final transient BatchObserver observer;

    public MicroBatchWriter(SpeedLayerSettings settings, BatchObserver observer) {
        this.settings = settings;
        this.observer = observer;
    }

    /**
     * What one micro-batch did.
     *
     * @param points            usable points in the micro-batch (duplicates within it included)
     * @param newPoints         of those, the ones raw_points did not hold yet
     * @param rejected          Kafka records (or parts) set aside
     * @param rawCommitted      whether this call committed to raw_points (false: nothing new, or a replay)
     * @param rollupCommitted   whether this call merged into speed_rollup_1m
     * @param newestPointMillis the newest point time of the micro-batch, now in the tables; null if none
     */
    public record Outcome(long points, long newPoints, long rejected, boolean rawCommitted,
            boolean rollupCommitted, Long newestPointMillis) {
    }

    @Override
    public void call(Dataset<Row> records, Long epoch) {
        Outcome outcome = write(records, epoch, queryId(records.sparkSession()));
        if (observer != null) {
            observer.onBatch(epoch, outcome);
        }
    }

    static String queryId(SparkSession spark) {
        String id = spark.sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
        return id == null ? "batch" : id;
    }

    /** Steps 1-5 for one micro-batch of Kafka source rows. */
    public Outcome write(Dataset<Row> records, long epoch, String queryId) {
        SparkSession spark = records.sparkSession();
        Dataset<Row> decoded = records.flatMap(new PointDecoder(), Encoders.row(PointColumns.SCHEMA))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> fresh = null;
        try {
            // One pass over the decoded rows for what the driver needs: records set aside, time span.
            Column ok = col(PointColumns.ERROR_REASON).isNull();
            Row summary = decoded.agg(
                    sum(when(ok, 0L).otherwise(1L)),
                    count(when(ok, 1L)),
                    min(when(ok, col(Columns.TS))),
                    max(when(ok, col(Columns.TS)))).first();
            long rejected = summary.isNullAt(0) ? 0 : summary.getLong(0);
            if (rejected > 0) {
                new DeadLetters(settings.bootstrapServers(), settings.deadLetterTopic())
                        .write(decoded.where(col(PointColumns.ERROR_REASON).isNotNull()), epoch, rejected);
            }
            long pointCount = summary.getLong(1);
            if (pointCount == 0) {
                return new Outcome(0, 0, rejected, false, false, null);
            }
            Timestamp minTs = summary.getTimestamp(2);
            Timestamp maxTs = summary.getTimestamp(3);
            Dataset<Row> points = firstWritePerSeriesAndTime(decoded.where(ok));

            Table raw = icebergTable(spark, settings.rawPointsTable());
            Optional<Snapshot> rawCommit = EpochCommits.find(raw, queryId, epoch);
            Long before = rawCommit.isPresent() ? rawCommit.get().parentId() : snapshotId(raw);
            fresh = newPoints(spark, points, before, minTs, maxTs).persist(StorageLevel.MEMORY_AND_DISK());
            long freshCount = fresh.count();
            decoded.unpersist();
            if (freshCount == 0) {
                return new Outcome(pointCount, 0, rejected, false, false, maxTs.getTime());
            }

            Map<String, String> marker = EpochCommits.properties(queryId, epoch);
            boolean rawWritten = false;
            if (rawCommit.isEmpty()) {
                new SeriesCatalog(spark, settings.seriesTable()).register(SeriesCatalog.seriesOf(fresh, Columns.TS));
                appendRaw(fresh, marker);
                rawWritten = true;
            }
            boolean rollupWritten = false;
            Table rollup = icebergTable(spark, settings.speedRollupTable());
            if (EpochCommits.find(rollup, queryId, epoch).isEmpty()) {
                mergeRollups(spark, fresh, epoch, marker, minTs, maxTs);
                rollupWritten = true;
            }
            LOG.info("epoch {}: {} points, {} new, {} set aside; raw {}, rollup {}", epoch, pointCount, freshCount,
                    rejected, rawWritten ? "committed" : "already in", rollupWritten ? "merged" : "already in");
            return new Outcome(pointCount, freshCount, rejected, rawWritten, rollupWritten, maxTs.getTime());
        } finally {
            decoded.unpersist();
            if (fresh != null) {
                fresh.unpersist();
            }
        }
    }

    /** One row per (series_id, ts): the lowest Kafka offset, then the first sample in the record. */
    static Dataset<Row> firstWritePerSeriesAndTime(Dataset<Row> points) {
        var firstWrite = Window.partitionBy(Columns.SERIES_ID, Columns.TS)
                .orderBy(PointColumns.KAFKA_PARTITION, PointColumns.KAFKA_OFFSET, PointColumns.SAMPLE_INDEX);
        return points.withColumn("write_rank", row_number().over(firstWrite))
                .where(col("write_rank").equalTo(1))
                .drop("write_rank");
    }

    /** The points whose (series_id, ts) the raw table did not hold at snapshot {@code before}. */
    private Dataset<Row> newPoints(SparkSession spark, Dataset<Row> points, Long before, Timestamp minTs,
            Timestamp maxTs) {
        if (before == null) {
            return points;
        }
        Dataset<Row> committed = spark.read()
                .option("versionAsOf", Long.toString(before))
                .table(settings.rawPointsTable())
                .where(col(Columns.TS).between(minTs, maxTs))
                .select(Columns.SERIES_ID, Columns.TS);
        return points.join(committed, scala.jdk.javaapi.CollectionConverters.asScala(
                java.util.List.of(Columns.SERIES_ID, Columns.TS)).toSeq(), "left_anti");
    }

    private void appendRaw(Dataset<Row> fresh, Map<String, String> marker) {
        // By name: a table created before tags moved to series still has a tags column, left null.
        DataFrameWriterV2<Row> writer = fresh.select(Arrays.stream(PointColumns.RAW_POINT_COLUMNS)
                .map(Column::new).toArray(Column[]::new)).writeTo(settings.rawPointsTable());
        for (Map.Entry<String, String> property : marker.entrySet()) {
            writer = writer.option("snapshot-property." + property.getKey(), property.getValue());
        }
        try {
            writer.append();
        } catch (NoSuchTableException e) {
            throw new IllegalStateException("table " + settings.rawPointsTable() + " does not exist", e);
        }
    }

    private void mergeRollups(SparkSession spark, Dataset<Row> fresh, long epoch, Map<String, String> marker,
            Timestamp minTs, Timestamp maxTs) {
        CommitMetadata.withCommitProperties(marker, () -> {
            RollupUpsert.apply(spark, settings.speedRollupTable(), fresh, minTs, maxTs,
                    new Timestamp(System.currentTimeMillis()), "speed_layer_partial_rollups_" + epoch);
            return null;
        }, RuntimeException.class);
    }

    private static Table icebergTable(SparkSession spark, String name) {
        try {
            return Spark3Util.loadIcebergTable(spark, name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot load Iceberg table " + name + ": " + e.getMessage(), e);
        }
    }

    private static Long snapshotId(Table table) {
        return table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId();
    }
}
