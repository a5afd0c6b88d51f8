package io.metrics.lakehouse.speed;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import io.metrics.lakehouse.spark.TableRows;
import io.metrics.lakehouse.spark.rollup.Rollups;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The upsert of a micro-batch's new points into {@code speed_rollup_1m}: their 1-minute buckets
 * ({@link Rollups#minutes}) are merged with the buckets already stored for the same (series, minute)
 * ({@link Rollups#merged}, the same merge that builds the hourly rollup from minutes), then written with
 * one MERGE (update the stored minutes, insert the new ones). A minute whose points arrive over several
 * micro-batches thus ends up as if computed at once, except where late points interleave with the span
 * already stored (see {@code MinuteBucket#merge}): the batch layer recomputes those minutes from raw points.
 *
 * <p>The predicates on bucket_start let Iceberg read only the hour partitions the micro-batch touches.
 */
final class RollupUpsert {

    static final long BUCKET_MILLIS = 60_000L;
    private static final DateTimeFormatter SQL_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private RollupUpsert() {
    }

    static long bucketStart(long tsMillis) {
        return Math.floorDiv(tsMillis, BUCKET_MILLIS) * BUCKET_MILLIS;
    }

    /**
     * @param points    distinct new points (raw_points columns) with times in [minTs, maxTs]
     * @param updatedAt stored in {@code updated_at} of every minute touched
     * @param view      a temporary view name unique to this micro-batch
     */
    static void apply(SparkSession spark, String table, Dataset<Row> points, Timestamp minTs, Timestamp maxTs,
            Timestamp updatedAt, String view) {
        Timestamp minBucket = new Timestamp(bucketStart(minTs.getTime()));
        Timestamp maxBucket = new Timestamp(bucketStart(maxTs.getTime()));
        Column[] columns = Arrays.stream(Rollups.COLUMNS).map(c -> col(c)).toArray(Column[]::new);
        Dataset<Row> partial = Rollups.minutes(points);
        Dataset<Row> stored = spark.table(table)
                .where(col(Columns.BUCKET_START).between(lit(minBucket), lit(maxBucket)))
                .join(partial.select(Columns.SERIES_ID, Columns.BUCKET_START), scala.jdk.javaapi.CollectionConverters
                        .asScala(List.of(Columns.SERIES_ID, Columns.BUCKET_START)).toSeq(), "left_semi")
                .select(columns);
        // Conformed: MERGE's UPDATE SET * / INSERT * name every column the table has.
        TableRows.conform(Rollups.merged(partial.unionByName(stored), "minute")
                .withColumn(Columns.UPDATED_AT, lit(updatedAt)), table)
                .createOrReplaceTempView(view);
        try {
            spark.sql("""
                    MERGE INTO %1$s t
                    USING %2$s s
                    ON t.series_id = s.series_id AND t.bucket_start = s.bucket_start
                       AND t.bucket_start >= TIMESTAMP '%3$s' AND t.bucket_start <= TIMESTAMP '%4$s'
                    WHEN MATCHED THEN UPDATE SET *
                    WHEN NOT MATCHED THEN INSERT *
                    """.formatted(table, view, SQL_TIMESTAMP.format(minBucket.toInstant()),
                    SQL_TIMESTAMP.format(maxBucket.toInstant())));
        } finally {
            spark.catalog().dropTempView(view);
        }
    }
}
