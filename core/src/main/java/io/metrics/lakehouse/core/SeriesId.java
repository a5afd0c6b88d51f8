package io.metrics.lakehouse.core;

import com.dynatrace.hash4j.hashing.HashStream64;
import com.dynatrace.hash4j.hashing.Hashing;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stable 64-bit id of a series: XXH3-64 of its canonical form, the metric name followed by its
 * tags sorted by key, each string length-prefixed (so that {@code a=b,c} and {@code a=b, c=} can never
 * collide by concatenation). Every module computes it here, one implementation: the gateway when it
 * writes, the speed and batch layers when they recompute, the query service when it filters.
 *
 * <p>Changing this function changes every stored id: it is part of the table format.
 */
public final class SeriesId {

    private SeriesId() {
    }

    /**
     * @param metric the metric name, as stored
     * @param tags   the normalized tags (order does not matter: they are sorted here)
     */
    public static long of(String metric, Map<String, String> tags) {
        HashStream64 stream = Hashing.xxh3_64().hashStream();
        stream.putString(metric);
        Map<String, String> sorted = tags instanceof TreeMap<String, String> tree && tree.comparator() == null
                ? tree
                : new TreeMap<>(tags);
        stream.putInt(sorted.size());
        for (Map.Entry<String, String> tag : sorted.entrySet()) {
            stream.putString(tag.getKey());
            stream.putString(tag.getValue());
        }
        return stream.getAsLong();
    }
}
