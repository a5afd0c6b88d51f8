package io.metrics.lakehouse.gateway;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import com.codahale.metrics.Gauge;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.metrics.lakehouse.gateway.scrape.ScrapeConfiguration;
import io.metrics.lakehouse.service.auth.BearerAuth;
import io.metrics.lakehouse.gateway.scrape.Scraper;
import io.metrics.lakehouse.gateway.scrape.TargetDiscovery;
import io.metrics.lakehouse.gateway.core.BatchEncoder;
import io.metrics.lakehouse.gateway.core.GatewayMetrics;
import io.metrics.lakehouse.gateway.db.SeriesCountCollector;
import io.metrics.lakehouse.gateway.resources.RequestMetricsFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.metrics.lakehouse.gateway.core.InFlightBytes;
import io.metrics.lakehouse.gateway.core.IngestConfiguration;
import io.metrics.lakehouse.gateway.core.IngestPipeline;
import io.metrics.lakehouse.gateway.core.PointNormalizer;
import io.metrics.lakehouse.controlplane.ControlPlaneSchema;
import io.metrics.lakehouse.gateway.db.MetricRegistry;
import io.metrics.lakehouse.gateway.db.RegistryConfiguration;
import io.metrics.lakehouse.gateway.db.SeriesAdmission;
import io.metrics.lakehouse.gateway.kafka.PointPublisher;
import io.metrics.lakehouse.gateway.resources.GatewayExceptionMapper;
import io.metrics.lakehouse.gateway.resources.IngestResource;
import io.metrics.lakehouse.gateway.resources.OtlpResource;
import io.metrics.lakehouse.gateway.resources.RemoteWriteResource;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import io.metrics.lakehouse.gateway.api.ServiceStatus;
import io.metrics.lakehouse.gateway.health.KafkaHealthCheck;
import io.metrics.lakehouse.gateway.kafka.KafkaConfiguration;
import io.metrics.lakehouse.gateway.kafka.ManagedKafkaAdmin;
import io.metrics.lakehouse.gateway.kafka.ManagedKafkaProducer;
import io.metrics.lakehouse.service.BuildInfo;
import io.metrics.lakehouse.service.CloseConnectionOnRejectedBody;
import io.metrics.lakehouse.service.PrometheusEndpoint;
import io.metrics.lakehouse.service.StatusResource;
import java.util.List;

/**
 * The ingest gateway: accepts metric points (push and, later, pull) and makes them durable in
 * Kafka. Run with {@code java -jar ingest-gateway.jar server config.yml}.
 */
public class IngestGatewayApplication extends Application<IngestGatewayConfiguration> {

    public static final String HEALTH_CHECK_KAFKA = "kafka";
    public static final String HEALTH_CHECK_POSTGRES = "postgres";
    /** How stale gateway_series may be: one registry query per this period at most, however often scraped. */
    static final long SERIES_COUNT_REFRESH_MILLIS = 15_000;

    private final BuildInfo buildInfo = BuildInfo.load(getClass());
    private ManagedKafkaProducer producer;
    private Scraper scraper;

    public static void main(String[] args) throws Exception {
        new IngestGatewayApplication().run(args);
    }

    @Override
    public String getName() {
        return buildInfo.service();
    }

    @Override
    public void initialize(Bootstrap<IngestGatewayConfiguration> bootstrap) {
        // ${VAR} and ${VAR:-default} in the YAML come from the environment (non-strict: a
        // variable without a default that is unset stays literal and fails validation clearly).
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    }

    @Override
    public void run(IngestGatewayConfiguration configuration, Environment environment) {
        KafkaConfiguration kafka = configuration.getKafka();

        producer = new ManagedKafkaProducer(kafka, environment.metrics());
        environment.lifecycle().manage(producer);
        ManagedKafkaAdmin admin = new ManagedKafkaAdmin(kafka);
        environment.lifecycle().manage(admin);

        environment.healthChecks().register(HEALTH_CHECK_KAFKA, new KafkaHealthCheck(
                admin, kafka.getBootstrapServers(), List.of(kafka.getTopic(), kafka.getDeadLetterTopic()),
                kafka.getHealthCheckTimeout().toMilliseconds()));

        ServiceStatus status = new ServiceStatus(buildInfo.service(), buildInfo.version(),
                new ServiceStatus.Kafka(kafka.getBootstrapServers(), kafka.getTopic()));
        environment.jersey().register(new StatusResource(status));

        PrometheusRegistry prometheus = PrometheusEndpoint.register(environment);
        GatewayMetrics gatewayMetrics = new GatewayMetrics();
        prometheus.register(gatewayMetrics);

        // Control plane: the metric registry and the known series (cardinality limit).
        DataSourceFactory database = configuration.getDatabase();
        ManagedDataSource dataSource = database.build(environment.metrics(), "control-plane");
        Jdbi jdbi = new JdbiFactory().build(environment, database, dataSource, HEALTH_CHECK_POSTGRES);
        ControlPlaneSchema schema = new ControlPlaneSchema(dataSource);
        environment.lifecycle().manage(schema);
        RegistryConfiguration registry = configuration.getRegistry();
        MetricRegistry metrics = new MetricRegistry(jdbi, schema,
                java.time.Duration.ofMillis(registry.getMetricCacheTtl().toMilliseconds()));
        SeriesAdmission admission = new SeriesAdmission(jdbi, schema, registry.getDefaultCardinalityLimit(),
                registry.getKnownSeriesCacheSize());
        prometheus.register(new SeriesCountCollector(jdbi, schema, SERIES_COUNT_REFRESH_MILLIS));

        // The push path.
        IngestConfiguration ingest = configuration.getIngest();
        long retryAfterSeconds = Math.max(1, ingest.getRetryAfter().toSeconds());
        PointPublisher publisher = new PointPublisher(producer, ingest.getAckTimeout().toMilliseconds(),
                retryAfterSeconds, gatewayMetrics);
        IngestPipeline pipeline = new IngestPipeline(metrics, admission,
                new PointNormalizer(ingest.getValidation(), ingest.getEnrichment().tags()),
                new BatchEncoder((int) ingest.getMaxRecordBytes().toBytes()), publisher,
                kafka.getTopic(), kafka.getDeadLetterTopic(), Clock.systemUTC(), retryAfterSeconds);
        InFlightBytes inFlight = new InFlightBytes((int) ingest.getMaxInFlightBytes().toBytes(),
                ingest.getInFlightWait().toMilliseconds());
        environment.metrics().register("ingest.inflight.bytes", (Gauge<Long>) inFlight::inUse);
        // Bearer tokens on the push endpoints (status and the admin port's health stay open).
        BearerAuth.register(environment, configuration.getAuth());
        environment.jersey().register(new CloseConnectionOnRejectedBody());
        environment.jersey().register(new GatewayExceptionMapper());
        environment.jersey().register(new RequestMetricsFilter(gatewayMetrics));
        environment.jersey().register(new IngestResource(environment.getObjectMapper(), pipeline, inFlight,
                (int) ingest.getMaxRequestBytes().toBytes(), ingest.getMaxErrorsReported(), retryAfterSeconds,
                gatewayMetrics));
        environment.jersey().register(new RemoteWriteResource(pipeline, inFlight,
                (int) ingest.getMaxRequestBytes().toBytes(), ingest.getMaxErrorsReported(), retryAfterSeconds,
                gatewayMetrics));
        environment.jersey().register(new OtlpResource(pipeline, inFlight, (int) ingest.getMaxRequestBytes().toBytes(),
                retryAfterSeconds, ingest.getOtlp().getResourceAttributes(), gatewayMetrics));

        // The pull path: scraped samples take the same pipeline.
        ScrapeConfiguration scrape = configuration.getScrape();
        scraper = new Scraper(scrape, new TargetDiscovery(scrape, environment.getObjectMapper()), pipeline,
                gatewayMetrics, Clock.systemUTC());
        environment.lifecycle().manage(scraper);
    }

    /** The scraper (tests look at its targets). */
    public Scraper scraper() {
        return scraper;
    }

    /** The managed producer (for the ingest resources that come next, and for tests). */
    public ManagedKafkaProducer producer() {
        return producer;
    }
}
