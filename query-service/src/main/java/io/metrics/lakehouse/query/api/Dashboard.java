package io.metrics.lakehouse.query.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** A saved dashboard as the API answers it; {@code created_at}/{@code updated_at} are ISO-8601 UTC. */
@JsonPropertyOrder({"id", "name", "panels", "time_range", "refresh", "created_at", "updated_at"})
public record Dashboard(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("panels") List<DashboardPanel> panels,
        @JsonProperty("time_range") DashboardTimeRange timeRange,
        @JsonProperty("refresh") String refresh,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt) {

    /** {@code GET /v1/dashboards}. */
    public record Listing(@JsonProperty("dashboards") List<Dashboard> dashboards) {
    }
}
