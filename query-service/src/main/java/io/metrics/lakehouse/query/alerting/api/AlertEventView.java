package io.metrics.lakehouse.query.alerting.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;
import java.util.UUID;

/**
 * An alert event: the seed's {@code id, rule_id, fired_at, status, labels} plus the rule's name,
 * severity, the instance fingerprint, annotations, the expression's value at fire time
 * ({@code values}, e.g. {@code {"avg(value)": 612.5}}) and at resolve time, when it became pending,
 * and {@code resolved_at} (null while firing).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AlertEventView(
        UUID id,
        UUID ruleId,
        String ruleName,
        String status,
        String severity,
        String fingerprint,
        Map<String, String> labels,
        Map<String, String> annotations,
        Map<String, Double> values,
        Map<String, Double> resolveValues,
        String pendingSince,
        String firedAt,
        String resolvedAt) {}
