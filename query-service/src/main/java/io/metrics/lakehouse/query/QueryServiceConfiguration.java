package io.metrics.lakehouse.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.metrics.lakehouse.query.alerting.AlertingConfiguration;
import io.metrics.lakehouse.query.backfill.AirflowConfiguration;
import io.metrics.lakehouse.query.backfill.BackfillConfiguration;
import io.metrics.lakehouse.query.core.QueryEngineConfiguration;
import io.metrics.lakehouse.query.recent.RecentWindowConfiguration;
import io.metrics.lakehouse.query.trino.TrinoConfiguration;
import io.metrics.lakehouse.service.LoopbackServer;
import io.metrics.lakehouse.service.auth.BearerTokenConfiguration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Configuration of query-service (YAML, see {@code config/local.yml}).
 *
 * <ul>
 *   <li>{@code server}: Dropwizard's default server. Without a {@code server} section it listens
 *       on 127.0.0.1:8082 (application) and 127.0.0.1:8092 (admin: health checks, metrics,
 *       Prometheus at {@code /metrics/prometheus}); never on all interfaces by default.</li>
 *   <li>{@code trino}: see {@link TrinoConfiguration}.</li>
 *   <li>{@code database}: the control-plane PostgreSQL (metric registry, alert rules and state,
 *       outbox, ...), Dropwizard's {@link DataSourceFactory}: {@code url}, {@code user},
 *       {@code password}, pool sizes, {@code validationQuery}, {@code validationQueryTimeout}
 *       (also the bound of the {@code postgres} health check).</li>
 *   <li>{@code alerting}: see {@link AlertingConfiguration}.</li>
 *   <li>{@code query}: tiers, guardrails, cache, circuit breaker, see {@link QueryEngineConfiguration}.</li>
 *   <li>{@code backfills}, {@code airflow}: see {@link BackfillConfiguration}, {@link AirflowConfiguration}
 *       (no {@code airflow.baseUrl} = backfills are recorded, not run).</li>
 *   <li>{@code auth}: bearer tokens, see {@link BearerTokenConfiguration}; none configured = auth off
 *       (the loopback-only local default).</li>
 *   <li>{@code logging}, {@code metrics}: Dropwizard's own sections.</li>
 * </ul>
 */
public class QueryServiceConfiguration extends Configuration {

    public static final int DEFAULT_PORT = 8082;
    public static final int DEFAULT_ADMIN_PORT = 8092;

    @Valid
    @NotNull
    private TrinoConfiguration trino;

    @Valid
    @NotNull
    private DataSourceFactory database;

    @Valid
    @NotNull
    private AlertingConfiguration alerting = new AlertingConfiguration();

    @Valid
    @NotNull
    private QueryEngineConfiguration query = new QueryEngineConfiguration();

    @Valid
    @NotNull
    private BearerTokenConfiguration auth = new BearerTokenConfiguration();

    @Valid
    @NotNull
    private BackfillConfiguration backfills = new BackfillConfiguration();

    @Valid
    @NotNull
    private AirflowConfiguration airflow = new AirflowConfiguration();

    @Valid
    @NotNull
    private RecentWindowConfiguration recentWindow = new RecentWindowConfiguration();

    public QueryServiceConfiguration() {
        setServerFactory(LoopbackServer.serverFactory(DEFAULT_PORT, DEFAULT_ADMIN_PORT));
    }

    @JsonProperty
    public TrinoConfiguration getTrino() {
        return trino;
    }

    @JsonProperty
    public void setTrino(TrinoConfiguration trino) {
        this.trino = trino;
    }

    @JsonProperty
    public DataSourceFactory getDatabase() {
        return database;
    }

    @JsonProperty
    public void setDatabase(DataSourceFactory database) {
        this.database = database;
    }

    @JsonProperty
    public AlertingConfiguration getAlerting() {
        return alerting;
    }

    @JsonProperty
    public void setAlerting(AlertingConfiguration alerting) {
        this.alerting = alerting;
    }

    @JsonProperty
    public QueryEngineConfiguration getQuery() {
        return query;
    }

    @JsonProperty
    public void setQuery(QueryEngineConfiguration query) {
        this.query = query;
    }

    @JsonProperty
    public BearerTokenConfiguration getAuth() {
        return auth;
    }

    @JsonProperty
    public void setAuth(BearerTokenConfiguration auth) {
        this.auth = auth;
    }

    @JsonProperty
    public BackfillConfiguration getBackfills() {
        return backfills;
    }

    @JsonProperty
    public void setBackfills(BackfillConfiguration backfills) {
        this.backfills = backfills;
    }

    @JsonProperty
    public AirflowConfiguration getAirflow() {
        return airflow;
    }

    @JsonProperty
    public void setAirflow(AirflowConfiguration airflow) {
        this.airflow = airflow;
    }

    @JsonProperty
    public RecentWindowConfiguration getRecentWindow() {
        return recentWindow;
    }

    @JsonProperty
    public void setRecentWindow(RecentWindowConfiguration recentWindow) {
        this.recentWindow = recentWindow;
    }
}
