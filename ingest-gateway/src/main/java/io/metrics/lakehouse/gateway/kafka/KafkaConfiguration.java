package io.metrics.lakehouse.gateway.kafka;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.DurationRange;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The {@code kafka} section of the gateway's configuration.
 *
 * <pre>
 * kafka:
 *   bootstrapServers: 127.0.0.1:9092     # required; comma separated host:port list
 *   topic: metrics.points.v1             # accepted points (key = metric name)
 *   deadLetterTopic: metrics.deadletter.v1
 *   clientId: ingest-gateway
 *   healthCheckTimeout: 2s               # bound of the 'kafka' health check
 *   closeTimeout: 10s                    # how long shutdown waits to flush unsent records
 *   producer: { ... }                    # see ProducerSettings
 *   clientProperties:                    # extra client settings, e.g. for MSK:
 *     security.protocol: SSL             #   applied to the producer and the admin client
 * </pre>
 *
 * {@code clientProperties} may not override what the typed settings own (acks, idempotence,
 * serializers, timeouts, ...): the validation rejects that, so the durability contract cannot be
 * weakened by accident through a free-form map.
 */
public class KafkaConfiguration {

    /** Producer keys owned by typed settings; {@link #clientProperties} may not set them. */
    private static final Set<String> RESERVED_KEYS = Set.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            CommonClientConfigs.CLIENT_ID_CONFIG,
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
            ProducerConfig.LINGER_MS_CONFIG,
            ProducerConfig.BATCH_SIZE_CONFIG,
            ProducerConfig.BUFFER_MEMORY_CONFIG,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            ProducerConfig.RETRIES_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG);

    @NotBlank
    private String bootstrapServers;

    @NotBlank
    private String topic = "metrics.points.v1";

    @NotBlank
    private String deadLetterTopic = "metrics.deadletter.v1";

    @NotBlank
    private String clientId = "ingest-gateway";

    @NotNull
    @DurationRange(min = 100, max = 60_000, unit = TimeUnit.MILLISECONDS)
    private Duration healthCheckTimeout = Duration.seconds(2);

    @NotNull
    @DurationRange(min = 0, max = 5, unit = TimeUnit.MINUTES)
    private Duration closeTimeout = Duration.seconds(10);

    @Valid
    @NotNull
    private ProducerSettings producer = new ProducerSettings();

    @NotNull
    private Map<String, String> clientProperties = new LinkedHashMap<>();

    @JsonProperty
    public String getBootstrapServers() {
        return bootstrapServers;
    }

    @JsonProperty
    public void setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @JsonProperty
    public String getTopic() {
        return topic;
    }

    @JsonProperty
    public void setTopic(String topic) {
        this.topic = topic;
    }

    @JsonProperty
    public String getDeadLetterTopic() {
        return deadLetterTopic;
    }

    @JsonProperty
    public void setDeadLetterTopic(String deadLetterTopic) {
        this.deadLetterTopic = deadLetterTopic;
    }

    @JsonProperty
    public String getClientId() {
        return clientId;
    }

    @JsonProperty
    public void setClientId(String clientId) {
        this.clientId = clientId;
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
    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    @JsonProperty
    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    @JsonProperty
    public ProducerSettings getProducer() {
        return producer;
    }

    @JsonProperty
    public void setProducer(ProducerSettings producer) {
        this.producer = producer;
    }

    @JsonProperty
    public Map<String, String> getClientProperties() {
        return clientProperties;
    }

    @JsonProperty
    public void setClientProperties(Map<String, String> clientProperties) {
        this.clientProperties = clientProperties;
    }

    @JsonIgnore
    @ValidationMethod(message = "clientProperties may not set keys owned by typed settings "
            + "(bootstrap.servers, client.id, acks, enable.idempotence, serializers, timeouts, batching, retries)")
    public boolean isClientPropertiesFreeOfReservedKeys() {
        return clientProperties == null || clientProperties.keySet().stream().noneMatch(RESERVED_KEYS::contains);
    }

    @JsonIgnore
    @ValidationMethod(message = "topic and deadLetterTopic must differ")
    public boolean isDeadLetterTopicDistinct() {
        return topic == null || !topic.equals(deadLetterTopic);
    }

    /** Everything the producer is built from: connection, typed settings, byte[] serializers. */
    public Map<String, Object> producerProperties() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        props.putAll(producer.toProducerProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /** The admin client used by the health check: same connection, short timeouts. */
    public Map<String, Object> adminProperties() {
        int timeoutMs = (int) healthCheckTimeout.toMilliseconds();
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, (long) Math.min(timeoutMs, 10_000));
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, (long) Math.min(timeoutMs, 10_000));
        return props;
    }
}
