package io.metrics.lakehouse.airflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The body of POST /dags/{dag_id}/dagRuns. Absent fields are not sent: Airflow then picks the run id
 * ({@code manual__<logical date>}) and the logical date (now). {@code conf} is what the DAG reads as
 * {@code params} / {@code dag_run.conf}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriggerDagRun(
        @JsonProperty("dag_run_id") String dagRunId,
        @JsonProperty("logical_date") OffsetDateTime logicalDate,
        @JsonProperty("conf") Map<String, Object> conf,
        @JsonProperty("note") String note) {

    public TriggerDagRun {
        // Insertion order kept (the body reads as written) and null values allowed (JSON null).
        conf = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(conf, "conf")));
    }

    /** A run with this conf, everything else chosen by Airflow. */
    public static TriggerDagRun withConf(Map<String, Object> conf) {
        return new TriggerDagRun(null, null, conf, null);
    }
}
