package io.metrics.lakehouse.spark.rollup;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A rollup fold as a stream: the input partition holds whole series, its rows sorted by (series_id,
 * metric, then the order the fold needs), metric and series_id in the first two columns; one
 * {@link #OUTPUT} row is emitted per (metric, series, {@link #bucketOf bucket}) when the key changes.
 * Nothing is buffered but the bucket being folded: no per-bucket collection, no serialized aggregation
 * buffer, no sort per bucket. It reads Spark's internal rows as the sort emits them (no conversion to
 * Java objects per row: the metric is compared as UTF-8 bytes).
 */
abstract class SortedFold implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {

    private static final long serialVersionUID = 1L;

    /** The key (bucket: its start in microseconds), then the {@link BucketValues#SCHEMA} fields. */
    static final StructType OUTPUT;

    static {
        StructType out = new StructType()
                .add("metric", DataTypes.StringType, false)
                .add("series_id", DataTypes.LongType, false)
                .add("bucket", DataTypes.LongType, false);
        for (var field : BucketValues.SCHEMA.fields()) {
            out = out.add(field);
        }
        OUTPUT = out;
    }

    /** One bucket being folded from its rows, in the input's order. */
    interface Bucket {
        void add(InternalRow row);

        BucketValues values();
    }

    /** A bucket that will receive its first row next. */
    abstract Bucket open();

    /** The start of the bucket the row belongs to, in microseconds. */
    abstract long bucketOf(InternalRow row);

    @Override
    public final Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        return new Buckets(rows);
    }

    private final class Buckets implements Iterator<InternalRow> {
        private final Iterator<InternalRow> rows;
        private InternalRow next;
        /** The next bucket's first row (the sort reuses its row objects: read before advancing). */
        private InternalRow pending;

        Buckets(Iterator<InternalRow> rows) {
            this.rows = rows;
            this.pending = rows.hasNext() ? rows.next() : null;
        }

        @Override
        public boolean hasNext() {
            if (next == null && pending != null) {
                next = foldBucket();
            }
            return next != null;
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            InternalRow row = next;
            next = null;
            return row;
        }

        /** Folds the bucket that starts at {@link #pending}; leaves the next bucket's first row pending. */
        private InternalRow foldBucket() {
            UTF8String metric = pending.getUTF8String(0).clone();
            long series = pending.getLong(1);
            long bucketStart = bucketOf(pending);
            Bucket bucket = open();
            bucket.add(pending);
            pending = null;
            while (rows.hasNext()) {
                InternalRow row = rows.next();
                if (row.getLong(1) != series || bucketOf(row) != bucketStart || !row.getUTF8String(0).equals(metric)) {
                    pending = row;
                    break;
                }
                bucket.add(row);
            }
            BucketValues v = bucket.values();
            return new GenericInternalRow(new Object[] {metric, series, bucketStart, v.count(), v.sum(), v.min(),
                v.max(), v.first(), v.last(), v.firstTsMicros(), v.lastTsMicros(), v.counterIncrease(), v.sketch()});
        }
    }
}
