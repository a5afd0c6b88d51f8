package io.metrics.lakehouse.query.backfill.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Progress of one rollup table over a backfill's range, from {@code rollup_partition_log}. */
public record ProgressView(
        @JsonProperty("table") String table,
        @JsonProperty("partitions_total") int partitionsTotal,
        @JsonProperty("partitions_complete") int partitionsComplete,
        @JsonProperty("partitions") List<PartitionView> partitions) {
}
