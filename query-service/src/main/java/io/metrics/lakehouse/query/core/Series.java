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
     * The series of an answer made of parts over disjoint ranges (the recent window's and Trino's,
     * settled days' and Trino's): one series per tag set, the points of all parts in time order, in
     * {@link #ORDER}; the series and point guardrails apply to the whole.
     */
    public static List<Series> merge(List<List<Series>> parts, int maxSeries, long maxPoints) {
        Map<Map<String, String>, List<Point>> points = new LinkedHashMap<>();
        long count = 0;
        for (List<Series> part : parts) {
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
        points.forEach((tags, values) -> {
            values.sort(Comparator.comparing(Point::ts));
            merged.add(new Series(tags, values));
        });
        merged.sort(ORDER);
        return merged;
    }
}
