package io.metrics.lakehouse.query.recent;

import io.metrics.lakehouse.query.core.QueryRequest;
import io.metrics.lakehouse.query.core.Series;
import io.metrics.lakehouse.query.core.Tier;
import io.metrics.lakehouse.query.core.TierRange;
import java.util.List;
import java.util.Optional;

/**
 * The query engine's view of the recent window: answers a routed query when every part lies inside
 * what the window covers, else says no and Trino answers. Every tier below the hourly one is derived
 * from the same raw points (speed and batch minutes are folds of them), so the window can stand in for
 * raw, {@code speed_rollup_1m} and {@code rollup_1m} parts alike.
 */
public final class RecentWindow {

    private static final RecentWindow OFF = new RecentWindow(null);

    private final RecentPoints points;

    public RecentWindow(RecentPoints points) {
        this.points = points;
    }

    /** No window: every query runs on Trino. */
    public static RecentWindow off() {
        return OFF;
    }

    /** The answer from the window, or empty when the window does not cover the parts. */
    public Optional<List<Series>> answer(QueryRequest request, List<TierRange> parts, int maxSeries, long maxPoints) {
        if (points == null || parts.isEmpty() || !points.covers(parts.get(0).start())) {
            return Optional.empty();
        }
        for (TierRange part : parts) {
            if (part.tier() == Tier.ROLLUP_1H) {
                return Optional.empty();
            }
        }
        return Optional.of(new WindowQuery(request, parts).run(points.series(request.metric()), maxSeries, maxPoints));
    }
}
