package io.metrics.lakehouse.spark.rollup;

import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The merge of buckets into coarser ones ({@link MinuteBucket#merge}): input the key (metric, series_id,
 * bucket), then the {@link BucketValues#SCHEMA} fields, sorted by series_id, metric, bucket, first_ts,
 * last_ts, so that the result does not depend on the order Spark delivers the buckets in.
 */
final class SortedBucketsFold extends SortedFold {

    private static final long serialVersionUID = 1L;
    private static final int VALUES = 3;

    /** The bucket's start is computed by the caller (its {@code date_trunc} in the session's time zone). */
    @Override
    long bucketOf(InternalRow row) {
        return row.getLong(2);
    }

    @Override
    Bucket open() {
        MinuteBucket merged = new MinuteBucket(true);
        return new Bucket() {
            @Override
            public void add(InternalRow bucket) {
                merged.merge(new BucketValues(bucket.getLong(VALUES), bucket.getDouble(VALUES + 1),
                        bucket.getDouble(VALUES + 2), bucket.getDouble(VALUES + 3), bucket.getDouble(VALUES + 4),
                        bucket.getDouble(VALUES + 5), bucket.getLong(VALUES + 6), bucket.getLong(VALUES + 7),
                        bucket.isNullAt(VALUES + 8) ? null : bucket.getDouble(VALUES + 8),
                        bucket.isNullAt(VALUES + 9) ? null : bucket.getBinary(VALUES + 9)));
            }

            @Override
            public BucketValues values() {
                return merged.values();
            }
        };
    }
}
