package io.metrics.lakehouse.query.alerting.core;

import java.time.Instant;
import java.util.List;

/**
 * The evaluator's only view of the time-series data (a port: the adapter to the query engine lives
 * with the engine). Returns one value per label set that had data in {@code [at - window, at)}; a
 * label set without data is absent from the list (the rule's no-data policy decides).
 */
@FunctionalInterface
public interface RuleDataSource {

    List<InstanceValue> evaluate(RuleQuery query, Instant at);

    /** Reports "no data" for every rule: the stand-in until the query-engine adapter is wired. */
    static RuleDataSource noData() {
        return (query, at) -> List.of();
    }
}
