package io.metrics.lakehouse.airflow.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Airflow's DAGRun as GET/POST .../dagRuns return it (the fields this product reads; others are ignored,
 * so that a newer Airflow adding fields does not break the client). Dates are null until they happen.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DagRun(
        @JsonProperty("dag_id") String dagId,
        @JsonProperty("dag_run_id") String dagRunId,
        @JsonProperty("logical_date") OffsetDateTime logicalDate,
        @JsonProperty("start_date") OffsetDateTime startDate,
        @JsonProperty("end_date") OffsetDateTime endDate,
        @JsonProperty("state") DagRunState state,
        @JsonProperty("run_type") String runType,
        @JsonProperty("external_trigger") Boolean externalTrigger,
        @JsonProperty("conf") Map<String, Object> conf,
        @JsonProperty("note") String note) {
}
