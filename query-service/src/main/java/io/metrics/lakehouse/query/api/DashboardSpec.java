package io.metrics.lakehouse.query.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Body of {@code POST} and {@code PUT /v1/dashboards}: what a client may set. The server's own
 * fields are ignored, so a client can send back what {@code GET} gave it.
 */
@JsonIgnoreProperties({"id", "created_at", "updated_at"})
public record DashboardSpec(
        @JsonProperty("name") String name,
        @JsonProperty("panels") List<DashboardPanel> panels,
        @JsonProperty("time_range") DashboardTimeRange timeRange,
        @JsonProperty("refresh") String refresh) {
}
