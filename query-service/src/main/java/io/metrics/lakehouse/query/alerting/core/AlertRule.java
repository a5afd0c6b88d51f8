package io.metrics.lakehouse.query.alerting.core;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** A stored alert rule with its parsed expression. */
public record AlertRule(
        UUID id,
        String metric,
        String name,
        String expressionText,
        Expression expression,
        int windowSeconds,
        int forSeconds,
        Severity severity,
        List<TagFilter> tagFilters,
        List<String> groupBy,
        int intervalSeconds,
        List<String> channels,
        Map<String, String> annotations,
        NoDataPolicy noDataPolicy,
        Instant createdAt,
        Instant updatedAt) {

    public static final String ALERTNAME = "alertname";
    public static final String SEVERITY = "severity";

    public RuleQuery query() {
        return new RuleQuery(metric, expression.aggregation(), tagFilters, groupBy, Duration.ofSeconds(windowSeconds));
    }

    /**
     * The labels of an alert instance: the series' group-by labels plus {@code alertname} and
     * {@code severity}, what routes, silences and inhibition match on (Alertmanager's convention).
     */
    public Map<String, String> alertLabels(Map<String, String> seriesLabels) {
        Map<String, String> labels = new LinkedHashMap<>(seriesLabels);
        labels.put(ALERTNAME, name);
        labels.put(SEVERITY, severity.name().toLowerCase(Locale.ROOT));
        return labels;
    }
}
