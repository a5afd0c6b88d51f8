package io.metrics.lakehouse.query.alerting.core;

import java.time.Duration;
import java.util.List;

/**
 * What the evaluator asks the data source for one rule: the metric over {@code window} before the
 * evaluation instant, filtered by tags, reduced by {@code aggregation} per set of {@code groupBy} labels.
 */
public record RuleQuery(String metric, Aggregation aggregation, List<TagFilter> tagFilters, List<String> groupBy,
        Duration window) {

    public RuleQuery {
        tagFilters = List.copyOf(tagFilters);
        groupBy = List.copyOf(groupBy);
    }
}
