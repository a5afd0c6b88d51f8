package io.metrics.lakehouse.query.alerting.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A rule as GET returns it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AlertRuleView(
        UUID id,
        String status,
        String metric,
        String name,
        String expression,
        int windowSeconds,
        int forSeconds,
        String severity,
        List<TagFilterBody> tagFilters,
        List<String> groupBy,
        int intervalSeconds,
        List<String> channels,
        Map<String, String> annotations,
        String noData,
        String createdAt,
        String updatedAt) {}
