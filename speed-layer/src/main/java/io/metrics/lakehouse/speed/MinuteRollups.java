package io.metrics.lakehouse.speed;

import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * 1-minute tumbling buckets per series of the points of one micro-batch, in the columns of
 * {@code speed_rollup_1m}. A bucket here is partial: {@link RollupMerge} merges it into what is
 * already stored for the same (series, minute).
 */
public final class MinuteRollups {

    public static final long BUCKET_MILLIS = 60_000L;

    /** The columns of {@code speed_rollup_1m}, in table order; identity columns non-nullable. */
    public static final StructType SCHEMA = new StructType()
            .add(Columns.METRIC, DataTypes.StringType, false)
            .add(Columns.METRIC_TYPE, DataTypes.StringType, true)
            .add(Columns.SERIES_ID, DataTypes.LongType, false)
            .add(Columns.TAGS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), true)
            .add(Columns.BUCKET_START, DataTypes.TimestampType, false)
            .add(Columns.COUNT, DataTypes.LongType, true)
            .add(Columns.SUM, DataTypes.DoubleType, true)
            .add(Columns.MIN, DataTypes.DoubleType, true)
            .add(Columns.MAX, DataTypes.DoubleType, true)
            .add(Columns.FIRST, DataTypes.DoubleType, true)
            .add(Columns.LAST, DataTypes.DoubleType, true)
            .add(Columns.FIRST_TS, DataTypes.TimestampType, true)
            .add(Columns.LAST_TS, DataTypes.TimestampType, true)
            .add(Columns.COUNTER_INCREASE, DataTypes.DoubleType, true)
            .add(Columns.SKETCH, DataTypes.BinaryType, true)
            .add(Columns.UPDATED_AT, DataTypes.TimestampType, true);

    private MinuteRollups() {
    }

    /**
     * @param points    distinct points (no two with the same series and time), raw_points columns
     * @param updatedAt stored in {@code updated_at}
     */
    public static Dataset<Row> partial(Dataset<Row> points, Timestamp updatedAt) {
        return points
                .groupByKey(new BucketKey(), Encoders.tuple(Encoders.LONG(), Encoders.LONG()))
                .mapGroups(new BuildBucket(updatedAt), Encoders.row(SCHEMA));
    }

    static long bucketStart(long tsMillis) {
        return Math.floorDiv(tsMillis, BUCKET_MILLIS) * BUCKET_MILLIS;
    }

    static long millis(Row row, String column) {
        Object value = row.getAs(column);
        return value instanceof java.time.Instant instant ? instant.toEpochMilli() : ((Timestamp) value).getTime();
    }

    /** (series_id, bucket start in epoch milliseconds). */
    static final class BucketKey implements MapFunction<Row, Tuple2<Long, Long>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Tuple2<Long, Long> call(Row point) {
            return new Tuple2<>(point.<Long>getAs(Columns.SERIES_ID), bucketStart(millis(point, Columns.TS)));
        }
    }

    /** Sorts a bucket's points by time and folds them into a {@link MinuteBucket}. */
    static final class BuildBucket implements MapGroupsFunction<Tuple2<Long, Long>, Row, Row> {
        private static final long serialVersionUID = 1L;
        private final Timestamp updatedAt;

        BuildBucket(Timestamp updatedAt) {
            this.updatedAt = updatedAt;
        }

        @Override
        public Row call(Tuple2<Long, Long> key, Iterator<Row> points) {
            List<Row> sorted = new ArrayList<>();
            points.forEachRemaining(sorted::add);
            sorted.sort(Comparator.comparingLong(row -> millis(row, Columns.TS)));
            Row any = sorted.get(0);
            String metricType = any.getAs(Columns.METRIC_TYPE);
            MinuteBucket bucket = new MinuteBucket("counter".equals(metricType));
            for (Row point : sorted) {
                bucket.add(millis(point, Columns.TS), point.<Double>getAs(Columns.VALUE));
            }
            return RowFactory.create(any.getAs(Columns.METRIC), metricType, key._1(), any.getAs(Columns.TAGS),
                    new Timestamp(key._2()), bucket.count(), bucket.sum(), bucket.min(), bucket.max(),
                    bucket.first(), bucket.last(), new Timestamp(bucket.firstTsMillis()),
                    new Timestamp(bucket.lastTsMillis()), bucket.counterIncrease(), bucket.sketch(), updatedAt);
        }
    }
}
