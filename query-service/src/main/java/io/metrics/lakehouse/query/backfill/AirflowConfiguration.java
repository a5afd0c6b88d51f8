package io.metrics.lakehouse.query.backfill;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.metrics.lakehouse.airflow.AirflowClientConfig;
import jakarta.validation.constraints.NotEmpty;
import java.net.URI;
import java.util.Optional;

/**
 * {@code airflow}: where backfills are run. An empty {@code baseUrl} (the embedded default) means no
 * Airflow: requests are recorded and reported {@code "runner":"none"}. Credentials come from the
 * environment in {@code config/local.yml}; empty values count as absent, so basic auth, a bearer
 * token or none is chosen by which variables are set.
 *
 * <pre>
 * airflow:
 *   baseUrl: ${AIRFLOW_API_URL:-}          # e.g. http://airflow:8080/api/v1
 *   dagId: metrics_rollup_backfill         # dags/rollup_backfill.py
 *   username: ${AIRFLOW_USERNAME:-}
 *   password: ${AIRFLOW_PASSWORD:-}
 *   bearerToken: ${AIRFLOW_TOKEN:-}
 *   connectTimeout: 5s
 *   requestTimeout: 30s
 * </pre>
 */
public class AirflowConfiguration {

    /** The id of {@code dags/rollup_backfill.py}. */
    public static final String DEFAULT_DAG_ID = "metrics_rollup_backfill";

    private String baseUrl = "";

    @NotEmpty
    private String dagId = DEFAULT_DAG_ID;

    private String username = "";
    private String password = "";
    private String bearerToken = "";
    private Duration connectTimeout = Duration.seconds(5);
    private Duration requestTimeout = Duration.seconds(30);

    /** The client's settings, empty when no Airflow is configured. */
    public Optional<AirflowClientConfig> clientConfig() {
        if (blank(baseUrl)) {
            return Optional.empty();
        }
        return Optional.of(new AirflowClientConfig(URI.create(baseUrl.strip()), orNull(username), orNull(password),
                orNull(bearerToken), connectTimeout.toJavaDuration(), requestTimeout.toJavaDuration()));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String orNull(String value) {
        return blank(value) ? null : value;
    }

    @JsonProperty
    public String getBaseUrl() {
        return baseUrl;
    }

    @JsonProperty
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @JsonProperty
    public String getDagId() {
        return dagId;
    }

    @JsonProperty
    public void setDagId(String dagId) {
        this.dagId = dagId;
    }

    @JsonProperty
    public String getUsername() {
        return username;
    }

    @JsonProperty
    public void setUsername(String username) {
        this.username = username;
    }

    @JsonProperty
    public String getPassword() {
        return password;
    }

    @JsonProperty
    public void setPassword(String password) {
        this.password = password;
    }

    @JsonProperty
    public String getBearerToken() {
        return bearerToken;
    }

    @JsonProperty
    public void setBearerToken(String bearerToken) {
        this.bearerToken = bearerToken;
    }

    @JsonProperty
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    @JsonProperty
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    @JsonProperty
    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    @JsonProperty
    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }
}
