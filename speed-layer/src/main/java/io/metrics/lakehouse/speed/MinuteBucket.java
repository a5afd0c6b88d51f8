package io.metrics.lakehouse.speed;

import io.airlift.stats.TDigest;

/**
 * The rollup of one series over one minute, built from its points in time order: count, sum, min,
 * max, first/last with their times, the reset-aware counter increase and the t-digest.
 *
 * <p>Counter increase: the sum over consecutive points of {@code cur - prev}, or of {@code cur} when
 * the value dropped (a reset starts a new run from zero). The first point of a bucket adds nothing:
 * the step from the previous bucket's last point belongs to the merge of the two buckets, which
 * adds it from their {@code last} and {@code first} (see {@link RollupMerge}), so the increase of any
 * span is the same whether computed from points or from merged buckets.
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
    private long firstTsMillis;
    private long lastTsMillis;
    private double counterIncrease;

    /** @param counter whether the metric is a counter (only then is the increase defined) */
    public MinuteBucket(boolean counter) {
        this.counter = counter;
    }

    /** Adds the next point; points must come in strictly increasing time order. */
    public void add(long tsMillis, double value) {
        if (count > 0 && tsMillis <= lastTsMillis) {
            throw new IllegalArgumentException("points out of order: " + tsMillis + " after " + lastTsMillis);
        }
        if (count == 0) {
            first = value;
            firstTsMillis = tsMillis;
        } else {
            counterIncrease += value >= last ? value - last : value;
        }
        last = value;
        lastTsMillis = tsMillis;
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        digest.add(value);
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
        return firstTsMillis;
    }

    public long lastTsMillis() {
        return lastTsMillis;
    }

    /** Null unless the metric is a counter. */
    public Double counterIncrease() {
        return counter ? counterIncrease : null;
    }

    public byte[] sketch() {
        return TDigestSketches.serialize(digest);
    }
}
