package io.metrics.lakehouse.query.trino;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.DurationRange;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code trino} section: how query-service reaches Trino (JDBC) and which tables it reads.
 *
 * <pre>
 * trino:
 *   jdbcUrl: jdbc:trino://127.0.0.1:8080     # required; no catalog in the URL, see catalog/schema
 *   user: query-service                      # required; names the caller in Trino's query history
 *   password: ...                            # optional; Trino's driver then insists on SSL=true
 *   catalog: iceberg                         # session catalog (same name as in Spark)
 *   schema: metrics                          # session schema (the Iceberg namespace)
 *   source: query-service                    # Trino's "source" of each query
 *   queryTimeout: 30s                        # upper bound of one query (guardrail)
 *   healthCheckTimeout: 5s                   # bound of the 'trino' health check (SELECT 1)
 *   connectionProperties:                    # any other driver property (SSL, SSLTrustStorePath, ...)
 *     SSL: "true"
 * </pre>
 */
public class TrinoConfiguration {

    /** Driver properties owned by typed settings; {@link #connectionProperties} may not set them. */
    private static final Set<String> RESERVED_KEYS = Set.of("user", "password", "source");

    @NotBlank
    @Pattern(regexp = "jdbc:trino://.+", message = "must start with jdbc:trino://")
    private String jdbcUrl;

    @NotBlank
    private String user;

    private String password;

    @NotBlank
    private String catalog = "iceberg";

    @NotBlank
    private String schema = "metrics";

    @NotBlank
    private String source = "query-service";

    @NotNull
    @DurationRange(min = 1, max = 3600, unit = TimeUnit.SECONDS)
    private Duration queryTimeout = Duration.seconds(30);

    @NotNull
    @DurationRange(min = 100, max = 60_000, unit = TimeUnit.MILLISECONDS)
    private Duration healthCheckTimeout = Duration.seconds(5);

    @NotNull
    private Map<String, String> connectionProperties = new LinkedHashMap<>();

    @JsonProperty
    public String getJdbcUrl() {
        return jdbcUrl;
    }

    @JsonProperty
    public void setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    @JsonProperty
    public String getUser() {
        return user;
    }

    @JsonProperty
    public void setUser(String user) {
        this.user = user;
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
    public String getCatalog() {
        return catalog;
    }

    @JsonProperty
    public void setCatalog(String catalog) {
        this.catalog = catalog;
    }

    @JsonProperty
    public String getSchema() {
        return schema;
    }

    @JsonProperty
    public void setSchema(String schema) {
        this.schema = schema;
    }

    @JsonProperty
    public String getSource() {
        return source;
    }

    @JsonProperty
    public void setSource(String source) {
        this.source = source;
    }

    @JsonProperty
    public Duration getQueryTimeout() {
        return queryTimeout;
    }

    @JsonProperty
    public void setQueryTimeout(Duration queryTimeout) {
        this.queryTimeout = queryTimeout;
    }

    @JsonProperty
    public Duration getHealthCheckTimeout() {
        return healthCheckTimeout;
    }

    @JsonProperty
    public void setHealthCheckTimeout(Duration healthCheckTimeout) {
        this.healthCheckTimeout = healthCheckTimeout;
    }

    @JsonProperty
    public Map<String, String> getConnectionProperties() {
        return connectionProperties;
    }

    @JsonProperty
    public void setConnectionProperties(Map<String, String> connectionProperties) {
        this.connectionProperties = connectionProperties;
    }

    @JsonIgnore
    @ValidationMethod(message = "connectionProperties may not set user, password or source (use the typed keys)")
    public boolean isConnectionPropertiesFreeOfReservedKeys() {
        return connectionProperties == null || connectionProperties.keySet().stream().noneMatch(RESERVED_KEYS::contains);
    }

    /** The JDBC URL without its query string (which may carry credentials): safe to show and log. */
    @JsonIgnore
    public String displayUrl() {
        if (jdbcUrl == null) {
            return null;
        }
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
