package io.metrics.lakehouse.query.backfill.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One hour (rollup_1m) or day (rollup_1h) of a backfill: {@code complete} or {@code pending}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PartitionView(
        @JsonProperty("start") String start,
        @JsonProperty("end") String end,
        @JsonProperty("status") String status,
        @JsonProperty("completed_at") String completedAt) {
}
