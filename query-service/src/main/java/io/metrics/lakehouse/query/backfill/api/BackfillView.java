package io.metrics.lakehouse.query.backfill.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A backfill on the wire. {@code dag_id}/{@code dag_run_id} for runner {@code airflow};
 * {@code tasks} and {@code progress} only from {@code GET /v1/backfills/{id}}; {@code error} when the
 * trigger failed or Airflow could not be asked.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackfillView(
        @JsonProperty("id") String id,
        @JsonProperty("state") String state,
        @JsonProperty("runner") String runner,
        @JsonProperty("start") String start,
        @JsonProperty("end") String end,
        @JsonProperty("metric_prefix") String metricPrefix,
        @JsonProperty("force") boolean force,
        @JsonProperty("requested_by") String requestedBy,
        @JsonProperty("requested_at") String requestedAt,
        @JsonProperty("dag_id") String dagId,
        @JsonProperty("dag_run_id") String dagRunId,
        @JsonProperty("error") String error,
        @JsonProperty("tasks") List<TaskView> tasks,
        @JsonProperty("progress") Map<String, ProgressView> progress) {

    /** {@code {"backfills":[...]}}. */
    public record Listing(@JsonProperty("backfills") List<BackfillView> backfills) {
    }
}
