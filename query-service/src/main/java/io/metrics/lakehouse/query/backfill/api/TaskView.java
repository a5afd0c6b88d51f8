package io.metrics.lakehouse.query.backfill.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One task instance of the backfill's DAG run (Airflow's TaskInstance; map_index = the day). */
public record TaskView(
        @JsonProperty("task_id") String taskId,
        @JsonProperty("map_index") Integer mapIndex,
        @JsonProperty("state") String state,
        @JsonProperty("try_number") Integer tryNumber,
        @JsonProperty("start_date") String startDate,
        @JsonProperty("end_date") String endDate) {
}
