package io.metrics.lakehouse.gateway;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.metrics.lakehouse.gateway.api.ServiceStatus;
import io.metrics.lakehouse.gateway.health.KafkaHealthCheck;
import io.metrics.lakehouse.gateway.kafka.KafkaConfiguration;
import io.metrics.lakehouse.gateway.kafka.ManagedKafkaAdmin;
import io.metrics.lakehouse.gateway.kafka.ManagedKafkaProducer;
import io.metrics.lakehouse.service.BuildInfo;
import io.metrics.lakehouse.service.PrometheusEndpoint;
import io.metrics.lakehouse.service.StatusResource;
import java.util.List;

/**
 * The ingest gateway: accepts metric points (push and, later, pull) and makes them durable in
 * Kafka. Run with {@code java -jar ingest-gateway.jar server config.yml}.
 */
public class IngestGatewayApplication extends Application<IngestGatewayConfiguration> {

    public static final String HEALTH_CHECK_KAFKA = "kafka";

    private final BuildInfo buildInfo = BuildInfo.load(getClass());
    private ManagedKafkaProducer producer;

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

        PrometheusEndpoint.register(environment);
    }

    /** The managed producer (for the ingest resources that come next, and for tests). */
    public ManagedKafkaProducer producer() {
        return producer;
    }
}
