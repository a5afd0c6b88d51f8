package io.metrics.lakehouse.spark.rollup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * Spark aggregation of buckets of one series (input: the {@link BucketValues#SCHEMA} columns) into one
 * merged bucket ({@link MinuteBucket#merge}), the buckets sorted by their first point's time (then last)
 * before merging, so that the result does not depend on the order Spark feeds them in.
 */
public final class BucketsToBucket extends Aggregator<Row, BucketsToBucket.Parts, Row> {

    private static final long serialVersionUID = 1L;
    private static final Comparator<BucketValues> TIME_ORDER = Comparator
            .comparingLong(BucketValues::firstTsMicros).thenComparingLong(BucketValues::lastTsMicros);

    /** The buckets so far (Kryo serializes the buffer: records have no setters for a bean encoder). */
    public static final class Parts {
        List<Object[]> rows = new ArrayList<>();
    }

    @Override
    public Parts zero() {
        return new Parts();
    }

    @Override
    public Parts reduce(Parts buffer, Row bucket) {
        Object[] values = new Object[bucket.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = bucket.get(i);
        }
        buffer.rows.add(values);
        return buffer;
    }

    @Override
    public Parts merge(Parts a, Parts b) {
        a.rows.addAll(b.rows);
        return a;
    }

    @Override
    public Row finish(Parts parts) {
        List<BucketValues> buckets = new ArrayList<>(parts.rows.size());
        for (Object[] values : parts.rows) {
            buckets.add(BucketValues.of(org.apache.spark.sql.RowFactory.create(values)));
        }
        buckets.sort(TIME_ORDER);
        MinuteBucket merged = new MinuteBucket(true);
        buckets.forEach(merged::merge);
        return merged.values().toRow();
    }

    @Override
    public Encoder<Parts> bufferEncoder() {
        return Encoders.kryo(Parts.class);
    }

    @Override
    public Encoder<Row> outputEncoder() {
        return Encoders.row(BucketValues.SCHEMA);
    }
}
