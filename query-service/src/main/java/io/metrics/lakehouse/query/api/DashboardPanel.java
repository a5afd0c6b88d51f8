package io.metrics.lakehouse.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One chart of a dashboard: a {@code GET /v1/query} in saved form. {@code tags} are filters in the
 * query API's syntax ({@code host:web-01}, {@code host!~:db-.*}, {@code region:(a|b)}), one per
 * element; {@code step} absent = the query API's default for the range.
 */
@JsonPropertyOrder({"title", "metric", "tags", "group_by", "agg", "step"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DashboardPanel(
        @JsonProperty("title") String title,
        @JsonProperty("metric") String metric,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("group_by") List<String> groupBy,
        @JsonProperty("agg") String agg,
        @JsonProperty("step") String step) {
}
