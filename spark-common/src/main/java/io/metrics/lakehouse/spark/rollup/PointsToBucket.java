package io.metrics.lakehouse.spark.rollup;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_micros;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * Spark aggregation of one bucket's points, input {@link #inputs} (ts, value and ingested_at, in
 * microseconds), into {@link BucketValues} (the counter increase always computed: the caller
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
public final class PointsToBucket extends Aggregator<PointsToBucket.Point, PointsToBucket.Points, Row> {

    private static final long serialVersionUID = 1L;
    /** Sorts after every real ingest time in the descending order of {@link #keepFirst}. */
    private static final long NO_INGEST_TIME = Long.MIN_VALUE;

    /**
     * One input point, a bean of primitives: Spark builds one object per point from it, where a
     * {@code Tuple3<Long, Double, Long>} cost four (the tuple and three boxes) on the hottest path of the
     * rollup. The properties are in name order (ingested, ts, value), the order of {@link #inputs}.
     */
    public static final class Point implements Serializable {
        private static final long serialVersionUID = 1L;
        private long ingested;
        private long ts;
        private double value;

        public long getIngested() {
            return ingested;
        }

        public void setIngested(long ingested) {
            this.ingested = ingested;
        }

        public long getTs() {
            return ts;
        }

        public void setTs(long ts) {
            this.ts = ts;
        }

        public double getValue() {
            return value;
        }

        public void setValue(double value) {
            this.value = value;
        }
    }

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
    public Points reduce(Points buffer, Point point) {
        buffer.add(point.ts, point.value, point.ingested);
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

    static Encoder<Point> inputEncoder() {
        return Encoders.bean(Point.class);
    }

    /**
     * The aggregation's arguments from a point's time, value and ingest time (timestamps), in the order of
     * {@link Point}'s properties; a null ingest time becomes {@link #NO_INGEST_TIME}.
     */
    static Column[] inputs(Column ts, Column value, Column ingestedAt) {
        return new Column[] {coalesce(unix_micros(ingestedAt), lit(NO_INGEST_TIME)), unix_micros(ts), value};
    }
}
