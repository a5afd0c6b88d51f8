package io.metrics.lakehouse.airflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where Airflow's stable REST API is and how to authenticate: HTTP basic auth (Airflow's
 * {@code basic_auth} backend) with {@code username} + {@code password}, or a bearer token (managed
 * Airflow, Airflow behind an identity proxy), or neither (an API without auth, local only).
 *
 * @param baseUrl the API root including its version prefix, e.g. {@code http://airflow:8080/api/v1}
 */
public record AirflowClientConfig(
        @JsonProperty("baseUrl") URI baseUrl,
        @JsonProperty("username") String username,
        @JsonProperty("password") String password,
        @JsonProperty("bearerToken") String bearerToken,
        @JsonProperty("connectTimeout") Duration connectTimeout,
        @JsonProperty("requestTimeout") Duration requestTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public AirflowClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL: " + baseUrl);
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("username and password go together (basic auth)");
        }
        if (username != null && bearerToken != null) {
            throw new IllegalArgumentException("configure basic auth (username, password) or a bearerToken, not both");
        }
        connectTimeout = connectTimeout != null ? connectTimeout : DEFAULT_CONNECT_TIMEOUT;
        requestTimeout = requestTimeout != null ? requestTimeout : DEFAULT_REQUEST_TIMEOUT;
    }

    public static AirflowClientConfig basicAuth(URI baseUrl, String username, String password) {
        return new AirflowClientConfig(baseUrl, Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"), null, null, null);
    }

    public static AirflowClientConfig bearerToken(URI baseUrl, String token) {
        return new AirflowClientConfig(baseUrl, null, null, Objects.requireNonNull(token, "token"), null, null);
    }

    /** Never prints the password or the token. */
    @Override
    public String toString() {
        String auth = username != null ? "basic(" + username + ")" : bearerToken != null ? "bearer" : "none";
        return "AirflowClientConfig[baseUrl=" + baseUrl + ", auth=" + auth + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + "]";
    }
}
