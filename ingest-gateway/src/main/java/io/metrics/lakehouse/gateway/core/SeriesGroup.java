package io.metrics.lakehouse.gateway.core;

import java.util.Arrays;
import java.util.SortedMap;

/**
 * The points of one series within one request, in request order: kept as columns of primitives
 * (request index, timestamp, value) rather than an object per point.
 */
public final class SeriesGroup {

    private final NormalizedSeries series;
    private int[] indexes = new int[8];
    private long[] timestamps = new long[8];
    private double[] values = new double[8];
    private int size;

    public SeriesGroup(NormalizedSeries series) {
        this.series = series;
    }

    public void add(int index, long timestampMillis, double value) {
        if (size == indexes.length) {
            int capacity = size * 2;
            indexes = Arrays.copyOf(indexes, capacity);
            timestamps = Arrays.copyOf(timestamps, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        indexes[size] = index;
        timestamps[size] = timestampMillis;
        values[size] = value;
        size++;
    }

    public NormalizedSeries series() {
        return series;
    }

    public long seriesId() {
        return series.seriesId();
    }

    public SortedMap<String, String> tags() {
        return series.tags();
    }

    public int size() {
        return size;
    }

    /** The point's position in the request (for error reports). */
    public int index(int i) {
        return indexes[i];
    }

    public long timestampMillis(int i) {
        return timestamps[i];
    }

    public double value(int i) {
        return values[i];
    }
}
