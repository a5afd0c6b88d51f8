package io.metrics.lakehouse.gateway;

import static io.metrics.lakehouse.service.testing.TestHttp.fieldNames;
import static io.metrics.lakehouse.service.testing.TestHttp.get;
import static io.metrics.lakehouse.service.testing.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.service.testing.TestHttp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gateway against the real local stack (Kafka broker with the product's topics). */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class IngestGatewayApplicationTest {

    private static final String CONFIG = "config/local.yml";

    private static final StackEndpoints STACK = LocalStackExtension.endpoints();

    static final DropwizardAppExtension<IngestGatewayConfiguration> APP = new DropwizardAppExtension<>(
            IngestGatewayApplication.class, CONFIG,
            ConfigOverride.randomPorts(),
            ConfigOverride.config("kafka.bootstrapServers", STACK.kafkaBootstrapServers()),
            ConfigOverride.config("database.url", STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE)),
            ConfigOverride.config("database.user", STACK.postgresUser()),
            ConfigOverride.config("database.password", STACK.postgresPassword()));

    @Test
    void statusAnswersWithServiceVersionAndKafkaTarget() throws Exception {
        HttpResponse<String> response = get(APP.getLocalPort(), "/v1/status");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = json(response);
        assertEquals(List.of("service", "version", "kafka"), fieldNames(body));
        assertEquals("ingest-gateway", body.get("service").asText());
        assertEquals(System.getProperty("expected.project.version"), body.get("version").asText());
        assertEquals(List.of("bootstrapServers", "topic"), fieldNames(body.get("kafka")));
        assertEquals(STACK.kafkaBootstrapServers(), body.get("kafka").get("bootstrapServers").asText());
        assertEquals(StackEndpoints.POINTS_TOPIC, body.get("kafka").get("topic").asText());
    }

    @Test
    void unknownPathAnswersJson404() throws Exception {
        HttpResponse<String> response = get(APP.getLocalPort(), "/v1/no-such-thing");

        assertEquals(404, response.statusCode());
        JsonNode body = json(response);
        assertEquals(404, body.get("code").asInt());
        assertTrue(body.hasNonNull("message"));
    }

    @Test
    void kafkaHealthCheckIsHealthyAgainstTheStack() throws Exception {
        HttpResponse<String> response = get(APP.getAdminPort(), "/healthcheck");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode kafka = json(response).get(IngestGatewayApplication.HEALTH_CHECK_KAFKA);
        assertTrue(kafka.get("healthy").asBoolean(), kafka.toString());
        String message = kafka.get("message").asText();
        assertTrue(message.contains(StackEndpoints.POINTS_TOPIC), message);
        assertTrue(message.contains(StackEndpoints.DEAD_LETTER_TOPIC), message);
    }

    @Test
    void postgresHealthCheckIsHealthyAgainstTheStack() throws Exception {
        HttpResponse<String> response = get(APP.getAdminPort(), "/healthcheck");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode postgres = json(response).get(IngestGatewayApplication.HEALTH_CHECK_POSTGRES);
        assertTrue(postgres.get("healthy").asBoolean(), postgres.toString());
    }

    @Test
    void prometheusEndpointServesTheDropwizardRegistryAsText() throws Exception {
        HttpResponse<String> response = get(APP.getAdminPort(), "/metrics/prometheus");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                response.headers().toString());
        String body = response.body();
        // Jetty's request timer (Dropwizard instruments every handler). The JVM gauges are there too
        // when started through Application.run, which DropwizardTestSupport bypasses.
        assertTrue(body.contains("# TYPE io_dropwizard_jetty_MutableServletContextHandler_get_requests summary"), body);
        assertTrue(body.contains("kafka_producer_records_sent"), "the producer's mirrored metrics");
    }

    @Test
    void managedProducerWritesToThePointsTopicWithAcksAll() throws Exception {
        IngestGatewayApplication application = APP.getApplication();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(StackEndpoints.POINTS_TOPIC,
                "test.metric".getBytes(StandardCharsets.UTF_8), "payload".getBytes(StandardCharsets.UTF_8));

        RecordMetadata metadata = application.producer().producer().send(record).get(30, TimeUnit.SECONDS);

        assertEquals(StackEndpoints.POINTS_TOPIC, metadata.topic());
        assertTrue(metadata.offset() >= 0);
    }

    @Test
    void kafkaHealthCheckIsUnhealthyWhenTheBrokerIsUnreachable() throws Exception {
        int closedPort = TestHttp.closedPort();
        String bootstrap = "127.0.0.1:" + closedPort;

        JsonNode kafka = kafkaHealthOfASecondInstance(bootstrap, StackEndpoints.POINTS_TOPIC);

        assertFalse(kafka.get("healthy").asBoolean(), kafka.toString());
        String message = kafka.get("message").asText();
        assertTrue(message.startsWith("Kafka broker not reachable at " + bootstrap + " within 1000 ms"), message);
    }

    @Test
    void kafkaHealthCheckIsUnhealthyWhenThePointsTopicIsMissing() throws Exception {
        JsonNode kafka = kafkaHealthOfASecondInstance(STACK.kafkaBootstrapServers(), "metrics.no-such-topic.v1");

        assertFalse(kafka.get("healthy").asBoolean(), kafka.toString());
        String message = kafka.get("message").asText();
        assertTrue(message.contains("is reachable but topic(s) metrics.no-such-topic.v1 do not exist"), message);
    }

    /**
     * Starts a second gateway (own property prefix, so the first one's overrides do not leak into
     * it) and returns its {@code kafka} health-check entry; {@code /healthcheck} must answer 500.
     */
    private static JsonNode kafkaHealthOfASecondInstance(String bootstrapServers, String topic) throws Exception {
        String prefix = "dw-second.";
        DropwizardTestSupport<IngestGatewayConfiguration> second = new DropwizardTestSupport<>(
                IngestGatewayApplication.class, CONFIG, prefix,
                ConfigOverride.randomPorts(prefix),
                ConfigOverride.config(prefix, "kafka.bootstrapServers", bootstrapServers),
                ConfigOverride.config(prefix, "kafka.topic", topic),
                ConfigOverride.config(prefix, "kafka.healthCheckTimeout", "1s"));
        second.before();
        try {
            HttpResponse<String> response = get(second.getAdminPort(), "/healthcheck");
            assertEquals(500, response.statusCode(), response.body());
            return json(response).get(IngestGatewayApplication.HEALTH_CHECK_KAFKA);
        } finally {
            second.after();
        }
    }
}
