package io.metrics.lakehouse.spark.rollup;

import io.airlift.slice.Slices;
import io.airlift.stats.TDigest;

/**
 * The rollups' quantile sketch: Trino's own t-digest ({@code io.airlift.stats.TDigest}, the version
 * Trino 476 ships), so that Trino reads the {@code sketch} column with {@code CAST(sketch AS tdigest)}
 * and answers {@code value_at_quantile(merge(CAST(sketch AS tdigest)), 0.99)} over any set of buckets.
 *
 * <p>Error: with the default compression (100) a quantile's rank is typically within about 1% (far
 * better near the tails: the digest keeps small centroids there); min and max are exact.
 */
public final class TDigestSketches {

    private TDigestSketches() {
    }

    public static TDigest empty() {
        return new TDigest();
    }

    public static byte[] serialize(TDigest digest) {
        return digest.serialize().getBytes();
    }

    public static TDigest deserialize(byte[] bytes) {
        return TDigest.deserialize(Slices.wrappedBuffer(bytes));
    }

    /** The merge of two serialized sketches; either may be null (a bucket without a sketch). */
    public static byte[] merge(byte[] left, byte[] right) {
        if (left == null) {
            return right;
        }
        if (right == null) {
            return left;
        }
        TDigest merged = deserialize(left);
        merged.mergeWith(deserialize(right));
        return serialize(merged);
    }
}
