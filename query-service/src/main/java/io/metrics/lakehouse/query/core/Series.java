package io.metrics.lakehouse.query.core;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One series (or one group of series with {@code group_by}): its tags and its points in time order. */
public record Series(Map<String, String> tags, List<Point> points) {

    /** The order of the series of an answer: by their tags, keys sorted, whichever source served it. */
    public static final Comparator<Series> ORDER = Comparator.comparing(s -> new TreeMap<>(s.tags()).toString());

    public Series {
        tags = Map.copyOf(tags);
        points = List.copyOf(points);
    }
}
