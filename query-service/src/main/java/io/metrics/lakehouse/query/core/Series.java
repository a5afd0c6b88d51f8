package io.metrics.lakehouse.query.core;

import java.util.List;
import java.util.Map;

/** One series (or one group of series with {@code group_by}): its tags and its points in time order. */
public record Series(Map<String, String> tags, List<Point> points) {

    public Series {
        tags = Map.copyOf(tags);
        points = List.copyOf(points);
    }
}
