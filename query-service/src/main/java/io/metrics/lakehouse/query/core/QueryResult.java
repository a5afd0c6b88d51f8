package io.metrics.lakehouse.query.core;

import java.time.Duration;
import java.util.List;

/** The answer to a {@link QueryRequest}: series, the step, and which tier served which sub-range. */
public record QueryResult(String metric, Aggregation agg, Duration resolution, List<TierRange> tiers, List<Series> series) {

    public QueryResult {
        tiers = List.copyOf(tiers);
        series = List.copyOf(series);
    }

    public int pointCount() {
        return series.stream().mapToInt(s -> s.points().size()).sum();
    }
}
