package io.metrics.lakehouse.query.backfill.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One hour of rollup_1m or rollup_1h in a backfill: {@code complete} or {@code pending}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PartitionView(
        @JsonProperty("start") String start,
        @JsonProperty("end") String end,
        @JsonProperty("status") String status,
        @JsonProperty("completed_at") String completedAt) {
}
