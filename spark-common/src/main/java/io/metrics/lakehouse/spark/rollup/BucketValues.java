package io.metrics.lakehouse.spark.rollup;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The measures of one rollup bucket (times in microseconds since the epoch): what the aggregations of
 * {@link Rollups} produce, and what {@link MinuteBucket#merge} merges.
 *
 * @param counterIncrease null when the bucket's metric is not a counter
 * @param sketch          the serialized t-digest ({@link TDigestSketches}); null for none
 */
public record BucketValues(long count, double sum, double min, double max, double first, double last,
        long firstTsMicros, long lastTsMicros, Double counterIncrease, byte[] sketch) {

    /** The struct the aggregations return, fields in the rollup tables' order. */
    static final StructType SCHEMA = new StructType()
            .add("count", DataTypes.LongType, false)
            .add("sum", DataTypes.DoubleType, false)
            .add("min", DataTypes.DoubleType, false)
            .add("max", DataTypes.DoubleType, false)
            .add("first", DataTypes.DoubleType, false)
            .add("last", DataTypes.DoubleType, false)
            .add("first_ts", DataTypes.LongType, false)
            .add("last_ts", DataTypes.LongType, false)
            .add("counter_increase", DataTypes.DoubleType, true)
            .add("sketch", DataTypes.BinaryType, true);

    Row toRow() {
        return RowFactory.create(count, sum, min, max, first, last, firstTsMicros, lastTsMicros, counterIncrease,
                sketch);
    }

    static BucketValues of(Row row) {
        return new BucketValues(row.getLong(0), row.getDouble(1), row.getDouble(2), row.getDouble(3),
                row.getDouble(4), row.getDouble(5), row.getLong(6), row.getLong(7),
                row.isNullAt(8) ? null : row.getDouble(8), row.isNullAt(9) ? null : (byte[]) row.get(9));
    }
}
