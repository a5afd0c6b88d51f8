package io.metrics.lakehouse.query.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A dashboard's default range in the query API's time syntax: {@code {"from":"now-6h","to":"now"}}. */
@JsonPropertyOrder({"from", "to"})
public record DashboardTimeRange(@JsonProperty("from") String from, @JsonProperty("to") String to) {
}
