package io.metrics.lakehouse.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.metrics.lakehouse.gateway.scrape.ScrapeConfiguration;
import io.metrics.lakehouse.service.auth.BearerTokenConfiguration;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.metrics.lakehouse.gateway.core.IngestConfiguration;
import io.metrics.lakehouse.gateway.db.RegistryConfiguration;
import io.metrics.lakehouse.gateway.kafka.KafkaConfiguration;
import io.metrics.lakehouse.service.LoopbackServer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Configuration of the ingest gateway (YAML, see {@code config/local.yml}).
 *
 * <ul>
 *   <li>{@code server}: Dropwizard's default server. Without a {@code server} section the gateway
 *       listens on 127.0.0.1:8081 (application) and 127.0.0.1:8091 (admin: health checks,
 *       metrics, Prometheus at {@code /metrics/prometheus}); never on all interfaces by default.</li>
 *   <li>{@code kafka}: see {@link KafkaConfiguration}.</li>
 *   <li>{@code ingest}: request limits, validation, enrichment: see {@link IngestConfiguration}.</li>
 *   <li>{@code registry}: metric registry and cardinality limit: see {@link RegistryConfiguration}.</li>
 *   <li>{@code auth}: the bearer tokens of the push endpoints (none: auth off, for the loopback-only
 *       local default); see {@link BearerTokenConfiguration}.</li>
 *   <li>{@code scrape}: the pull path, jobs and targets: see {@link ScrapeConfiguration}.</li>
 *   <li>{@code database}: the control-plane PostgreSQL (Dropwizard's {@link DataSourceFactory});
 *       defaults to {@code jdbc:postgresql://127.0.0.1:15432/metrics}, user {@code postgres}.</li>
 *   <li>{@code logging}, {@code metrics}: Dropwizard's own sections.</li>
 * </ul>
 */
public class IngestGatewayConfiguration extends Configuration {

    public static final int DEFAULT_PORT = 8081;
    public static final int DEFAULT_ADMIN_PORT = 8091;

    @Valid
    @NotNull
    private KafkaConfiguration kafka;

    @Valid
    @NotNull
    private IngestConfiguration ingest = new IngestConfiguration();

    @Valid
    @NotNull
    private RegistryConfiguration registry = new RegistryConfiguration();

    @Valid
    @NotNull
    private DataSourceFactory database = defaultDatabase();

    @Valid
    @NotNull
    private ScrapeConfiguration scrape = new ScrapeConfiguration();

    @Valid
    @NotNull
    private BearerTokenConfiguration auth = new BearerTokenConfiguration();

    public IngestGatewayConfiguration() {
        setServerFactory(LoopbackServer.serverFactory(DEFAULT_PORT, DEFAULT_ADMIN_PORT));
    }

    private static DataSourceFactory defaultDatabase() {
        DataSourceFactory database = new DataSourceFactory();
        database.setDriverClass("org.postgresql.Driver");
        database.setUrl("jdbc:postgresql://127.0.0.1:15432/metrics");
        database.setUser("postgres");
        return database;
    }

    @JsonProperty
    public IngestConfiguration getIngest() {
        return ingest;
    }

    @JsonProperty
    public void setIngest(IngestConfiguration ingest) {
        this.ingest = ingest;
    }

    @JsonProperty
    public RegistryConfiguration getRegistry() {
        return registry;
    }

    @JsonProperty
    public void setRegistry(RegistryConfiguration registry) {
        this.registry = registry;
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
    public BearerTokenConfiguration getAuth() {
        return auth;
    }

    @JsonProperty
    public void setAuth(BearerTokenConfiguration auth) {
        this.auth = auth;
    }

    @JsonProperty
    public ScrapeConfiguration getScrape() {
        return scrape;
    }

    @JsonProperty
    public void setScrape(ScrapeConfiguration scrape) {
        this.scrape = scrape;
    }

    @JsonProperty
    public KafkaConfiguration getKafka() {
        return kafka;
    }

    @JsonProperty
    public void setKafka(KafkaConfiguration kafka) {
        this.kafka = kafka;
    }
}
