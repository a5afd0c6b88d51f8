package io.metrics.lakehouse.airflow.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;

/**
 * Airflow's TaskInstance (the fields this product reads). {@code state} is Airflow's TaskState text
 * ({@code success}, {@code running}, {@code failed}, {@code upstream_failed}, {@code skipped},
 * {@code up_for_retry}, {@code queued}, {@code scheduled}, {@code deferred}, ...), null before the task
 * is scheduled; kept as text because Airflow adds states between versions. {@code mapIndex} is -1 for an
 * unmapped task, 0.. for the instances of a mapped one (the backfill DAG's days).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskInstance(
        @JsonProperty("task_id") String taskId,
        @JsonProperty("dag_id") String dagId,
        @JsonProperty("dag_run_id") String dagRunId,
        @JsonProperty("map_index") Integer mapIndex,
        @JsonProperty("state") String state,
        @JsonProperty("try_number") Integer tryNumber,
        @JsonProperty("start_date") OffsetDateTime startDate,
        @JsonProperty("end_date") OffsetDateTime endDate,
        @JsonProperty("duration") Double duration,
        @JsonProperty("operator") String operator) {
}
