package io.metrics.lakehouse.query.alerting.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/** The body of POST and PUT /v1/alert-rules (the seed's fields and ours); nulls take defaults. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AlertRuleBody(
        String metric,
        String name,
        String expression,
        Integer windowSeconds,
        Integer forSeconds,
        String severity,
        List<TagFilterBody> tagFilters,
        List<String> groupBy,
        Integer intervalSeconds,
        List<String> channels,
        Map<String, String> annotations,
        String noData) {}
