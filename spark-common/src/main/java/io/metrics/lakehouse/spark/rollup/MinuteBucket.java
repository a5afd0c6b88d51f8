package io.metrics.lakehouse.spark.rollup;

import io.airlift.stats.TDigest;

/**
 * The rollup of one series over one bucket: count, sum, min, max, first/last with their times, the
 * reset-aware counter increase and the t-digest. Folded from its points in time order ({@link #add}),
 * or merged from smaller buckets ({@link #merge}: the hourly rollup from its minutes, the speed layer's
 * partial minute with the stored one).
 *
 * <p>Counter increase: the sum over consecutive points of {@link #increaseStep}. The first point of a
 * bucket adds nothing: the step from the previous bucket's last point belongs to the merge of the two
 * buckets, so the increase of any span is the same whether computed from points or from merged
 * buckets. Times are kept in microseconds, Spark's and Iceberg's timestamp precision.
 */
public final class MinuteBucket {

    private final boolean counter;
    private final TDigest digest = TDigestSketches.empty();
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double first;
    private double last;
    private long firstTsMicros;
    private long lastTsMicros;
    private double counterIncrease;

    /** @param counter whether the metric is a counter (only then is the increase defined) */
    public MinuteBucket(boolean counter) {
        this.counter = counter;
    }

    /**
     * What a counter gained from {@code previous} to {@code current}: the difference, or {@code current}
     * when the value dropped (a reset starts a new run from zero). The one rule for a point after a
     * point and for a bucket's first value after the previous bucket's last.
     */
    public static double increaseStep(double previous, double current) {
        return current >= previous ? current - previous : current;
    }

    /** Adds the next point (time in milliseconds); points must come in strictly increasing time order. */
    public void add(long tsMillis, double value) {
        addMicros(Math.multiplyExact(tsMillis, 1_000L), value);
    }

    /** Adds the next point (time in microseconds); points must come in strictly increasing time order. */
    public void addMicros(long tsMicros, double value) {
        if (count > 0 && tsMicros <= lastTsMicros) {
            throw new IllegalArgumentException("points out of order: " + tsMicros + " after " + lastTsMicros);
        }
        if (count == 0) {
            first = value;
            firstTsMicros = tsMicros;
        } else {
            counterIncrease += increaseStep(last, value);
        }
        last = value;
        lastTsMicros = tsMicros;
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        digest.add(value);
    }

    /**
     * Merges the next bucket of the same series; buckets must come ordered by their first point's time.
     * Count, sum and counter increase add up; min/max; first from the earliest bucket, last from the one
     * with the latest point; sketches merge in the order added. The increase also gets the step from the
     * previous bucket's {@code last} to this one's {@code first}; when this bucket starts before the
     * previous ones end (late points inside a span already stored: the parts interleave), that step
     * cannot be known without the raw points: only the increases are added, and the batch layer, which
     * recomputes from raw points, is the authority for that minute.
     */
    public void merge(BucketValues bucket) {
        if (count > 0 && bucket.firstTsMicros() < firstTsMicros) {
            throw new IllegalArgumentException("buckets out of order: " + bucket.firstTsMicros() + " before "
                    + firstTsMicros);
        }
        if (count == 0) {
            first = bucket.first();
            firstTsMicros = bucket.firstTsMicros();
        } else if (bucket.firstTsMicros() > lastTsMicros) {
            counterIncrease += increaseStep(last, bucket.first());
        }
        if (count == 0 || bucket.lastTsMicros() > lastTsMicros) {
            last = bucket.last();
            lastTsMicros = bucket.lastTsMicros();
        }
        counterIncrease += bucket.counterIncrease() == null ? 0D : bucket.counterIncrease();
        count += bucket.count();
        sum += bucket.sum();
        min = Math.min(min, bucket.min());
        max = Math.max(max, bucket.max());
        if (bucket.sketch() != null) {
            digest.mergeWith(TDigestSketches.deserialize(bucket.sketch()));
        }
    }

    public long count() {
        return count;
    }

    public double sum() {
        return sum;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public double first() {
        return first;
    }

    public double last() {
        return last;
    }

    public long firstTsMillis() {
        return Math.floorDiv(firstTsMicros, 1_000L);
    }

    public long lastTsMillis() {
        return Math.floorDiv(lastTsMicros, 1_000L);
    }

    /** Null unless the metric is a counter. */
    public Double counterIncrease() {
        return counter ? counterIncrease : null;
    }

    public byte[] sketch() {
        return TDigestSketches.serialize(digest);
    }

    /** The bucket as the rollup tables store it (empty buckets have no values). */
    public BucketValues values() {
        if (count == 0) {
            throw new IllegalStateException("an empty bucket has no values");
        }
        return new BucketValues(count, sum, min, max, first, last, firstTsMicros, lastTsMicros, counterIncrease(),
                sketch());
    }
}
