package io.metrics.lakehouse.query.alerting;

import io.metrics.lakehouse.query.alerting.core.InstanceValue;
import io.metrics.lakehouse.query.alerting.core.RuleDataSource;
import io.metrics.lakehouse.query.alerting.core.RuleQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test's stand-in for the query engine: per metric, the value each label set has "now" (the
 * test sets them before each evaluation step). Counts calls per metric, to prove single evaluation.
 */
final class ScriptedRuleDataSource implements RuleDataSource {

    private final Map<String, Map<Map<String, String>, Double>> values = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    void set(String metric, Map<String, String> labels, double value) {
        values.computeIfAbsent(metric, m -> new ConcurrentHashMap<>()).put(labels, value);
    }

    void remove(String metric, Map<String, String> labels) {
        values.getOrDefault(metric, new LinkedHashMap<>()).remove(labels);
    }

    int calls(String metric) {
        return calls.getOrDefault(metric, new AtomicInteger()).get();
    }

    @Override
    public List<InstanceValue> evaluate(RuleQuery query, Instant at) {
        calls.computeIfAbsent(query.metric(), m -> new AtomicInteger()).incrementAndGet();
        List<InstanceValue> result = new ArrayList<>();
        values.getOrDefault(query.metric(), Map.of()).forEach((labels, value) -> result.add(new InstanceValue(labels, value)));
        return result;
    }
}
