package io.metrics.lakehouse.airflow.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Airflow's TaskInstanceCollection: one page of task instances and the total count. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskInstancePage(
        @JsonProperty("task_instances") List<TaskInstance> taskInstances,
        @JsonProperty("total_entries") int totalEntries) {
}
