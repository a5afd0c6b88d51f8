package io.metrics.lakehouse.query.alerting.engine;

import io.metrics.lakehouse.query.alerting.core.InstanceValue;
import io.metrics.lakehouse.query.alerting.core.RuleDataSource;
import io.metrics.lakehouse.query.alerting.core.RuleQuery;
import io.metrics.lakehouse.query.core.Aggregation;
import io.metrics.lakehouse.query.core.Point;
import io.metrics.lakehouse.query.core.QueryEngine;
import io.metrics.lakehouse.query.core.QueryRequest;
import io.metrics.lakehouse.query.core.QueryResult;
import io.metrics.lakehouse.query.core.Series;
import io.metrics.lakehouse.query.core.TagFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert evaluator's data, read through the dashboards' query engine (same router, tiers, Lambda
 * merge, cache and guardrails; caller {@value #CALLER} for per-token limits and metrics).
 *
 * <p>The engine's buckets are aligned to multiples of the step, so a rule's window {@code [at - w, at)}
 * is read as buckets of a short step {@code s} ending at the last multiple of {@code s}, from the raw
 * tier, and the window's value recombined exactly from the buckets (sum, count, min, max, increase; avg
 * from sum and count; last from the newest bucket). {@code s} is the shortest of 1, 2, 5, 10 s that
 * divides {@code w} into at most {@value #MAX_BUCKETS} buckets (else the longest that divides it): a
 * point waits for the next multiple of {@code s} before a rule sees it, so a short step keeps the
 * breach-to-page latency low (a 10 s step cost up to 10 s of it, measured with
 * infra/local/launcher/bench/breach-latency.sh) while long windows stay at a few hundred buckets per
 * series. Quantiles do not recombine: they read one bucket of step {@code w} (sketches merged by Trino),
 * the newest once half of it has passed, else the one before, so a quantile rule sees data at most
 * {@code w / 2} late. A rule without group-by labels is one instance over all series of the metric: its
 * query groups by a tag key no series has ({@value #ALL}).
 */
public final class QueryEngineRuleDataSource implements RuleDataSource {

    public static final String CALLER = "alerting";
    static final String ALL = "__alert_all__";
    static final int MAX_BUCKETS = 120;
    private static final long[] SHORT_STEPS = {1, 2, 5, 10};

    private final QueryEngine engine;

    public QueryEngineRuleDataSource(QueryEngine engine) {
        this.engine = engine;
    }

    @Override
    public List<InstanceValue> evaluate(RuleQuery query, Instant at) {
        long window = Math.max(1, query.window().toSeconds());
        Aggregation agg = Aggregation.valueOf(query.aggregation().name());
        if (agg.isQuantile()) {
            return quantile(query, agg, window, at);
        }
        long step = shortStep(window);
        long end = Math.floorDiv(at.getEpochSecond(), step) * step;
        Instant from = Instant.ofEpochSecond(end - window);
        Instant to = Instant.ofEpochSecond(end);
        return switch (agg) {
            case AVG -> {
                Map<Map<String, String>, Double> sums = fold(run(query, Aggregation.SUM, from, to, step), Fold.SUM);
                Map<Map<String, String>, Double> counts = fold(run(query, Aggregation.COUNT, from, to, step), Fold.SUM);
                List<InstanceValue> values = new ArrayList<>();
                sums.forEach((labels, sum) -> {
                    Double count = counts.get(labels);
                    if (count != null && count > 0) {
                        values.add(new InstanceValue(labels, sum / count));
                    }
                });
                yield values;
            }
            case SUM, COUNT, INCREASE -> values(fold(run(query, agg, from, to, step), Fold.SUM), 1);
            case RATE -> values(fold(run(query, Aggregation.INCREASE, from, to, step), Fold.SUM), window);
            case MIN -> values(fold(run(query, agg, from, to, step), Fold.MIN), 1);
            case MAX -> values(fold(run(query, agg, from, to, step), Fold.MAX), 1);
            case LAST -> values(fold(run(query, agg, from, to, step), Fold.LAST), 1);
            default -> throw new IllegalStateException(agg.name());
        };
    }

    private List<InstanceValue> quantile(RuleQuery query, Aggregation agg, long window, Instant at) {
        Duration step = Duration.ofSeconds(window);
        if (!QueryRequest.isAllowedStep(step)) {
            step = QueryRequest.defaultStep(at.minusSeconds(window * 360), at); // the nearest allowed step
        }
        long s = step.toSeconds();
        long bucket = Math.floorDiv(at.getEpochSecond(), s) * s;
        if (at.getEpochSecond() - bucket < s / 2) {
            bucket -= s; // the newest bucket holds less than half a window: read the one before
        }
        return values(fold(run(query, agg, Instant.ofEpochSecond(bucket), Instant.ofEpochSecond(bucket + s), s),
                Fold.LAST), 1);
    }

    static long shortStep(long window) {
        long longestDividing = 1;
        for (long step : SHORT_STEPS) {
            if (window % step == 0) {
                if (window / step <= MAX_BUCKETS) {
                    return step;
                }
                longestDividing = step;
            }
        }
        return longestDividing;
    }

    private QueryResult run(RuleQuery query, Aggregation agg, Instant from, Instant to, long step) {
        QueryRequest.Builder request = QueryRequest.builder(query.metric())
                .range(from, to)
                .step(Duration.ofSeconds(step))
                .agg(agg)
                .groupBy(query.groupBy().isEmpty() ? new String[] {ALL} : query.groupBy().toArray(String[]::new));
        for (var filter : query.tagFilters()) {
            request.filter(new TagFilter(filter.tag(), TagFilter.Op.valueOf(filter.op().name()), filter.values()));
        }
        return engine.execute(request.build(), CALLER);
    }

    private enum Fold { SUM, MIN, MAX, LAST }

    /** One value per group from its buckets (points come oldest first). */
    private static Map<Map<String, String>, Double> fold(QueryResult result, Fold fold) {
        Map<Map<String, String>, Double> values = new LinkedHashMap<>();
        for (Series series : result.series()) {
            Map<String, String> labels = new HashMap<>(series.tags());
            labels.remove(ALL);
            labels.values().removeIf(v -> v == null);
            for (Point point : series.points()) {
                if (Double.isNaN(point.value())) {
                    continue;
                }
                values.merge(labels, point.value(), (a, b) -> switch (fold) {
                    case SUM -> a + b;
                    case MIN -> Math.min(a, b);
                    case MAX -> Math.max(a, b);
                    case LAST -> b;
                });
            }
        }
        return values;
    }

    private static List<InstanceValue> values(Map<Map<String, String>, Double> folded, double divisor) {
        List<InstanceValue> values = new ArrayList<>();
        folded.forEach((labels, value) -> values.add(new InstanceValue(labels, value / divisor)));
        return values;
    }
}
