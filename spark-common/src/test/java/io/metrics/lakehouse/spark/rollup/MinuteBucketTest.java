package io.metrics.lakehouse.spark.rollup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.airlift.stats.TDigest;
import org.junit.jupiter.api.Test;

class MinuteBucketTest {

    @Test
    void gaugeStatisticsAndNoCounterIncrease() {
        MinuteBucket bucket = new MinuteBucket(false);
        bucket.add(1_000, 4.0);
        bucket.add(2_000, -1.5);
        bucket.add(3_000, 10.0);
        assertEquals(3, bucket.count());
        assertEquals(12.5, bucket.sum());
        assertEquals(-1.5, bucket.min());
        assertEquals(10.0, bucket.max());
        assertEquals(4.0, bucket.first());
        assertEquals(10.0, bucket.last());
        assertEquals(1_000, bucket.firstTsMillis());
        assertEquals(3_000, bucket.lastTsMillis());
        assertNull(bucket.counterIncrease());
    }

    @Test
    void counterIncreaseRestartsFromZeroAtAReset() {
        MinuteBucket bucket = new MinuteBucket(true);
        double[] values = {10, 15, 25, 3, 8, 20};
        for (int i = 0; i < values.length; i++) {
            bucket.add(i * 10_000L, values[i]);
        }
        // 5 + 10, reset to 3 counts 3, then 5 + 12
        assertEquals(35.0, bucket.counterIncrease());
    }

    @Test
    void pointsMustComeInTimeOrder() {
        MinuteBucket bucket = new MinuteBucket(true);
        bucket.add(2_000, 1.0);
        assertThrows(IllegalArgumentException.class, () -> bucket.add(2_000, 2.0));
    }

    @Test
    void sketchRoundTripsAndMerges() {
        MinuteBucket a = new MinuteBucket(false);
        MinuteBucket b = new MinuteBucket(false);
        for (int i = 1; i <= 1000; i++) {
            a.add(i, i);
            b.add(i, 1000 + i);
        }
        TDigest merged = TDigestSketches.deserialize(TDigestSketches.merge(a.sketch(), b.sketch()));
        assertEquals(2000.0, merged.getCount());
        assertEquals(1.0, merged.getMin());
        assertEquals(2000.0, merged.getMax());
        // Within 1% of rank: the documented error at compression 100.
        double p99 = merged.valueAt(0.99);
        assertEquals(1980.0, p99, 20.0);
        assertArrayEquals(a.sketch(), TDigestSketches.merge(a.sketch(), null));
    }
}
