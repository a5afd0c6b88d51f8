package io.metrics.lakehouse.query.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
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

    /**
     * The series of an answer made of two in time order (every bucket of {@code older} before every
     * bucket of {@code newer}): one series per tag set, points concatenated, in {@link #ORDER}.
     */
    public static List<Series> concat(List<Series> older, List<Series> newer, int maxSeries, long maxPoints) {
        Map<Map<String, String>, List<Point>> points = new LinkedHashMap<>();
        long count = 0;
        for (List<Series> part : List.of(older, newer)) {
            for (Series series : part) {
                List<Point> target = points.computeIfAbsent(series.tags(), tags -> new ArrayList<>());
                if (points.size() > maxSeries) {
                    throw QueryException.tooManySeries(maxSeries);
                }
                count += series.points().size();
                if (count > maxPoints) {
                    throw QueryException.tooManyPoints(maxPoints);
                }
                target.addAll(series.points());
            }
        }
        List<Series> merged = new ArrayList<>(points.size());
        points.forEach((tags, values) -> merged.add(new Series(tags, values)));
        merged.sort(ORDER);
        return merged;
    }
}
