package io.metrics.lakehouse.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.metrics.lakehouse.gateway.kafka.KafkaConfiguration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The configuration as Dropwizard reads it: YAML, environment substitution, bean validation. */
class IngestGatewayConfigurationTest {

    private final YamlConfigurationFactory<IngestGatewayConfiguration> factory = new YamlConfigurationFactory<>(
            IngestGatewayConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    private IngestGatewayConfiguration exampleConfig() throws Exception {
        return factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new EnvironmentVariableSubstitutor(false)), "config/local.yml");
    }

    private IngestGatewayConfiguration fromYaml(String yaml) throws Exception {
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "inline.yml");
    }

    @Test
    void exampleConfigIsValidAndDurableByDefault() throws Exception {
        IngestGatewayConfiguration config = exampleConfig();

        KafkaConfiguration kafka = config.getKafka();
        assertEquals("metrics.points.v1", kafka.getTopic());
        assertEquals("metrics.deadletter.v1", kafka.getDeadLetterTopic());
        Map<String, Object> producer = kafka.producerProperties();
        assertEquals("all", producer.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(true, producer.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals(kafka.getBootstrapServers(), producer.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));

        DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
        HttpConnectorFactory application = (HttpConnectorFactory) server.getApplicationConnectors().get(0);
        HttpConnectorFactory admin = (HttpConnectorFactory) server.getAdminConnectors().get(0);
        assertEquals("127.0.0.1", application.getBindHost());
        assertEquals("127.0.0.1", admin.getBindHost());
    }

    @Test
    void withoutServerSectionTheGatewayBindsLoopbackOn8081And8091() throws Exception {
        IngestGatewayConfiguration config = fromYaml("kafka:\n  bootstrapServers: 127.0.0.1:9092\n");

        DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
        HttpConnectorFactory application = (HttpConnectorFactory) server.getApplicationConnectors().get(0);
        HttpConnectorFactory admin = (HttpConnectorFactory) server.getAdminConnectors().get(0);
        assertEquals("127.0.0.1", application.getBindHost());
        assertEquals(8081, application.getPort());
        assertEquals("127.0.0.1", admin.getBindHost());
        assertEquals(8091, admin.getPort());
        assertEquals("all", config.getKafka().getProducer().getAcks());
        assertTrue(config.getKafka().getProducer().isEnableIdempotence());
    }

    @Test
    void bootstrapServersAreRequired() {
        ConfigurationValidationException e = assertThrows(ConfigurationValidationException.class,
                () -> fromYaml("kafka:\n  topic: metrics.points.v1\n"));
        assertTrue(e.getMessage().contains("kafka.bootstrapServers"), e.getMessage());
    }

    @Test
    void idempotenceWithoutAcksAllIsRejected() {
        ConfigurationValidationException e = assertThrows(ConfigurationValidationException.class,
                () -> fromYaml("kafka:\n  bootstrapServers: 127.0.0.1:9092\n  producer:\n    acks: \"1\"\n"));
        assertTrue(e.getMessage().contains("acks must be 'all'"), e.getMessage());
    }

    @Test
    void clientPropertiesCannotOverrideTypedSettings() {
        ConfigurationValidationException e = assertThrows(ConfigurationValidationException.class,
                () -> fromYaml("kafka:\n  bootstrapServers: 127.0.0.1:9092\n  clientProperties:\n    acks: \"0\"\n"));
        assertTrue(e.getMessage().contains("clientProperties may not set keys"), e.getMessage());
    }

    @Test
    void clientPropertiesReachProducerAndAdmin() throws Exception {
        IngestGatewayConfiguration config = fromYaml(
                "kafka:\n  bootstrapServers: 127.0.0.1:9092\n  clientProperties:\n    security.protocol: SSL\n");

        assertEquals("SSL", config.getKafka().producerProperties().get("security.protocol"));
        assertEquals("SSL", config.getKafka().adminProperties().get("security.protocol"));
        assertFalse(config.getKafka().adminProperties().containsKey(ProducerConfig.ACKS_CONFIG));
    }
}
