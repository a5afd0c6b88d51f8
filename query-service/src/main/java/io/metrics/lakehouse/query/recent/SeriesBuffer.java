package io.metrics.lakehouse.query.recent;

import java.util.Arrays;
import java.util.Map;

/**
 * One series' points in the window, in time order, one per timestamp: the first write of a
 * (series, timestamp) wins, as in the speed layer's dedup, so the window holds what raw_points holds.
 * Primitive arrays (16 bytes a point); one writer (the topic consumer) and many readers, hence the
 * monitor on every access.
 */
final class SeriesBuffer {

    /** What a reader gets: a point of the range, in time order. */
    @FunctionalInterface
    interface PointVisitor {
        void accept(long tsMillis, double value);
    }

    private final Map<String, String> tags;
    private long[] timestamps = new long[16];
    private double[] values = new double[16];
    private int size;

    SeriesBuffer(Map<String, String> tags) {
        this.tags = Map.copyOf(tags);
    }

    Map<String, String> tags() {
        return tags;
    }

    /** Adds a point; false when the series already has one at that instant (the first stays). */
    synchronized boolean add(long tsMillis, double value) {
        int at;
        if (size == 0 || tsMillis > timestamps[size - 1]) {
            at = size;
        } else {
            int found = Arrays.binarySearch(timestamps, 0, size, tsMillis);
            if (found >= 0) {
                return false;
            }
            at = -found - 1;
        }
        if (size == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        System.arraycopy(timestamps, at, timestamps, at + 1, size - at);
        System.arraycopy(values, at, values, at + 1, size - at);
        timestamps[at] = tsMillis;
        values[at] = value;
        size++;
        return true;
    }

    /** Drops the points before {@code cutoffMillis}; returns how many. */
    synchronized int evictBefore(long cutoffMillis) {
        int drop = lowerBound(cutoffMillis);
        if (drop > 0) {
            System.arraycopy(timestamps, drop, timestamps, 0, size - drop);
            System.arraycopy(values, drop, values, 0, size - drop);
            size -= drop;
            if (size < timestamps.length / 4 && timestamps.length > 16) {
                int capacity = Math.max(16, size * 2);
                timestamps = Arrays.copyOf(timestamps, capacity);
                values = Arrays.copyOf(values, capacity);
            }
        }
        return drop;
    }

    /** Visits the points in {@code [fromMillis, toMillis)} in time order. */
    synchronized void visit(long fromMillis, long toMillis, PointVisitor visitor) {
        for (int i = lowerBound(fromMillis); i < size && timestamps[i] < toMillis; i++) {
            visitor.accept(timestamps[i], values[i]);
        }
    }

    synchronized int size() {
        return size;
    }

    private int lowerBound(long tsMillis) {
        int found = Arrays.binarySearch(timestamps, 0, size, tsMillis);
        return found >= 0 ? found : -found - 1;
    }
}
