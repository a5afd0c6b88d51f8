package io.metrics.lakehouse.spark.rollup;

import io.airlift.stats.TDigest;

/**
 * The merge of buckets of one series, added in order of their first point's time: the hourly rollup
 * from its minutes, and the speed layer's upsert of a micro-batch's partial minute into the stored one.
 *
 * <p>Count, sum and counter increase add up; min/max; first from the earliest bucket, last from the
 * one with the latest point; sketches merge in the order added. The counter increase also adds the
 * step between consecutive buckets, from the earlier one's {@code last} to the later one's
 * {@code first} ({@link MinuteBucket#increaseStep}, reset-aware). When a bucket starts before the
 * previous ones end (late points inside a span already stored: the parts interleave), that step cannot
 * be known without the raw points: only the increases are added, and the batch layer, which recomputes
 * from raw points, is the authority for that minute.
 */
public final class BucketMerge {

    private TDigest digest;
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double first;
    private double last;
    private long firstTsMicros;
    private long lastTsMicros;
    private Double counterIncrease;

    /** Adds the next bucket; buckets must come ordered by {@link BucketValues#firstTsMicros()}. */
    public void add(BucketValues bucket) {
        if (count > 0 && bucket.firstTsMicros() < firstTsMicros) {
            throw new IllegalArgumentException("buckets out of order: " + bucket.firstTsMicros() + " before "
                    + firstTsMicros);
        }
        if (bucket.counterIncrease() != null) {
            double step = count > 0 && bucket.firstTsMicros() > lastTsMicros
                    ? MinuteBucket.increaseStep(last, bucket.first()) : 0D;
            counterIncrease = (counterIncrease == null ? 0D : counterIncrease) + bucket.counterIncrease() + step;
        }
        if (count == 0) {
            first = bucket.first();
            firstTsMicros = bucket.firstTsMicros();
        }
        if (count == 0 || bucket.lastTsMicros() > lastTsMicros) {
            last = bucket.last();
            lastTsMicros = bucket.lastTsMicros();
        }
        count += bucket.count();
        sum += bucket.sum();
        min = Math.min(min, bucket.min());
        max = Math.max(max, bucket.max());
        if (bucket.sketch() != null) {
            TDigest other = TDigestSketches.deserialize(bucket.sketch());
            if (digest == null) {
                digest = other;
            } else {
                digest.mergeWith(other);
            }
        }
    }

    public BucketValues values() {
        if (count == 0) {
            throw new IllegalStateException("nothing merged");
        }
        return new BucketValues(count, sum, min, max, first, last, firstTsMicros, lastTsMicros, counterIncrease,
                digest == null ? null : TDigestSketches.serialize(digest));
    }
}
