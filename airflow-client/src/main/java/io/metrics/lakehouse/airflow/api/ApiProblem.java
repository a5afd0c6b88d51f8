package io.metrics.lakehouse.airflow.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Airflow's Error body (RFC 7807 problem details): type, title, status, detail, instance. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiProblem(
        @JsonProperty("type") String type,
        @JsonProperty("title") String title,
        @JsonProperty("status") Integer status,
        @JsonProperty("detail") String detail,
        @JsonProperty("instance") String instance) {
}
