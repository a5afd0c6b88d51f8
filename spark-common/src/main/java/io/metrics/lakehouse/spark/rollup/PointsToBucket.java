package io.metrics.lakehouse.spark.rollup;

import java.util.Arrays;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;
import scala.Tuple3;

/**
 * Spark aggregation of one bucket's points, input (ts in microseconds, value, ingested_at in
 * microseconds or null), into {@link BucketValues} (the counter increase always computed: the caller
 * keeps it for counters only).
 *
 * <p>The points are collected into primitive arrays and folded in {@link #finish} after sorting them by
 * time, never in arrival order: a double sum and a t-digest depend on the order of their inputs, and
 * the order in which Spark feeds an aggregation depends on how the input happens to be split. Sorting
 * first makes a re-run produce the same bits, hence the same partition checksum.
 *
 * <p>Points with the same time are one point (a replayed ingest batch): the most recently ingested copy
 * is kept (a copy without ingest time last), then the largest value, so that the choice is
 * deterministic too.
 */
public final class PointsToBucket extends Aggregator<Tuple3<Long, Double, Long>, PointsToBucket.Points, Row> {

    private static final long serialVersionUID = 1L;
    /** Sorts after every real ingest time in the descending order of {@link #keepFirst}. */
    private static final long NO_INGEST_TIME = Long.MIN_VALUE;

    /** A bucket's points so far, in arrival order (plain fields: Kryo serializes the buffer). */
    public static final class Points {
        long[] ts = new long[16];
        double[] values = new double[16];
        long[] ingested = new long[16];
        int size;

        void add(long t, double v, long i) {
            if (size == ts.length) {
                grow(size + 1);
            }
            ts[size] = t;
            values[size] = v;
            ingested[size] = i;
            size++;
        }

        void addAll(Points other) {
            if (size + other.size > ts.length) {
                grow(size + other.size);
            }
            System.arraycopy(other.ts, 0, ts, size, other.size);
            System.arraycopy(other.values, 0, values, size, other.size);
            System.arraycopy(other.ingested, 0, ingested, size, other.size);
            size += other.size;
        }

        private void grow(int atLeast) {
            int capacity = Math.max(atLeast, ts.length * 2);
            ts = Arrays.copyOf(ts, capacity);
            values = Arrays.copyOf(values, capacity);
            ingested = Arrays.copyOf(ingested, capacity);
        }
    }

    @Override
    public Points zero() {
        return new Points();
    }

    @Override
    public Points reduce(Points buffer, Tuple3<Long, Double, Long> point) {
        buffer.add(point._1(), point._2(), point._3() == null ? NO_INGEST_TIME : point._3());
        return buffer;
    }

    @Override
    public Points merge(Points a, Points b) {
        a.addAll(b);
        return a;
    }

    @Override
    public Row finish(Points points) {
        MinuteBucket bucket = new MinuteBucket(true);
        int[] order = timeOrder(points);
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (k == 0 || points.ts[i] != points.ts[order[k - 1]]) {
                bucket.addMicros(points.ts[i], points.values[i]);
            }
        }
        return bucket.values().toRow();
    }

    /** Indexes by time, the copy to keep first among equal times; usually already in order (sorted files). */
    private static int[] timeOrder(Points p) {
        boolean sorted = true;
        for (int i = 1; i < p.size && sorted; i++) {
            sorted = p.ts[i] > p.ts[i - 1];
        }
        if (sorted) {
            int[] identity = new int[p.size];
            Arrays.setAll(identity, i -> i);
            return identity;
        }
        Integer[] order = new Integer[p.size];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> keepFirst(p, a, b));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    private static int keepFirst(Points p, int a, int b) {
        int byTime = Long.compare(p.ts[a], p.ts[b]);
        if (byTime != 0) {
            return byTime;
        }
        int byIngest = Long.compare(p.ingested[b], p.ingested[a]);
        return byIngest != 0 ? byIngest : Double.compare(p.values[b], p.values[a]);
    }

    @Override
    public Encoder<Points> bufferEncoder() {
        return Encoders.kryo(Points.class);
    }

    @Override
    public Encoder<Row> outputEncoder() {
        return Encoders.row(BucketValues.SCHEMA);
    }

    static Encoder<Tuple3<Long, Double, Long>> inputEncoder() {
        return Encoders.tuple(Encoders.LONG(), Encoders.DOUBLE(), Encoders.LONG());
    }
}
