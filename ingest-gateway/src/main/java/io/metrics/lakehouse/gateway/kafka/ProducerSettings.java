package io.metrics.lakehouse.gateway.kafka;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.DataSizeRange;
import io.dropwizard.validation.DurationRange;
import io.dropwizard.validation.OneOf;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings of the gateway's Kafka producer that matter for durability and throughput, each
 * typed and validated here rather than passed as free-form strings.
 *
 * <p>Durability contract of the gateway: a point is acknowledged to the client only after Kafka
 * acknowledged it. That needs {@code acks=all} (the partition leader answers only once every
 * in-sync replica has the record) and the idempotent producer (a retried send is written once,
 * in order, per partition). Both are the defaults here and are set explicitly on the producer,
 * never left to the client library's defaults; turning idempotence off or lowering {@code acks}
 * is possible for experiments but then the validation below still refuses combinations that
 * Kafka would reject at start-up.
 *
 * <pre>
 * kafka:
 *   producer:
 *     acks: all                 # all | -1 | 1 | 0
 *     enableIdempotence: true
 *     maxInFlightRequestsPerConnection: 5   # at most 5 with idempotence (keeps ordering)
 *     linger: 20ms              # batching delay: throughput vs. latency
 *     batchSize: 1MiB           # per-partition batch
 *     bufferMemory: 64MiB       # total memory for unsent records
 *     compressionType: lz4      # none | gzip | snappy | lz4 | zstd
 *     maxBlock: 5s              # how long send() may block (metadata, full buffer)
 *     requestTimeout: 30s       # one produce request
 *     deliveryTimeout: 2m       # upper bound for a send including retries
 * </pre>
 */
public class ProducerSettings {

    @NotNull
    @OneOf({"all", "-1", "1", "0"})
    private String acks = "all";

    private boolean enableIdempotence = true;

    @Min(1)
    @Max(100)
    private int maxInFlightRequestsPerConnection = 5;

    @NotNull
    @DurationRange(min = 0, max = 10, unit = TimeUnit.SECONDS)
    private Duration linger = Duration.milliseconds(20);

    @NotNull
    @DataSizeRange(min = 1, max = 64 * 1024 * 1024, unit = DataSizeUnit.BYTES)
    private DataSize batchSize = DataSize.mebibytes(1);

    @NotNull
    @DataSizeRange(min = 1024 * 1024, max = 4L * 1024 * 1024 * 1024, unit = DataSizeUnit.BYTES)
    private DataSize bufferMemory = DataSize.mebibytes(64);

    @NotNull
    @OneOf({"none", "gzip", "snappy", "lz4", "zstd"})
    private String compressionType = "lz4";

    @NotNull
    @DurationRange(min = 0, max = 5, unit = TimeUnit.MINUTES)
    private Duration maxBlock = Duration.seconds(5);

    @NotNull
    @DurationRange(min = 1, max = 600_000, unit = TimeUnit.MILLISECONDS)
    private Duration requestTimeout = Duration.seconds(30);

    @NotNull
    @DurationRange(min = 1, max = 3600, unit = TimeUnit.SECONDS)
    private Duration deliveryTimeout = Duration.minutes(2);

    @JsonProperty
    public String getAcks() {
        return acks;
    }

    @JsonProperty
    public void setAcks(String acks) {
        this.acks = acks;
    }

    @JsonProperty
    public boolean isEnableIdempotence() {
        return enableIdempotence;
    }

    @JsonProperty
    public void setEnableIdempotence(boolean enableIdempotence) {
        this.enableIdempotence = enableIdempotence;
    }

    @JsonProperty
    public int getMaxInFlightRequestsPerConnection() {
        return maxInFlightRequestsPerConnection;
    }

    @JsonProperty
    public void setMaxInFlightRequestsPerConnection(int maxInFlightRequestsPerConnection) {
        this.maxInFlightRequestsPerConnection = maxInFlightRequestsPerConnection;
    }

    @JsonProperty
    public Duration getLinger() {
        return linger;
    }

    @JsonProperty
    public void setLinger(Duration linger) {
        this.linger = linger;
    }

    @JsonProperty
    public DataSize getBatchSize() {
        return batchSize;
    }

    @JsonProperty
    public void setBatchSize(DataSize batchSize) {
        this.batchSize = batchSize;
    }

    @JsonProperty
    public DataSize getBufferMemory() {
        return bufferMemory;
    }

    @JsonProperty
    public void setBufferMemory(DataSize bufferMemory) {
        this.bufferMemory = bufferMemory;
    }

    @JsonProperty
    public String getCompressionType() {
        return compressionType;
    }

    @JsonProperty
    public void setCompressionType(String compressionType) {
        this.compressionType = compressionType;
    }

    @JsonProperty
    public Duration getMaxBlock() {
        return maxBlock;
    }

    @JsonProperty
    public void setMaxBlock(Duration maxBlock) {
        this.maxBlock = maxBlock;
    }

    @JsonProperty
    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    @JsonProperty
    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    @JsonProperty
    public Duration getDeliveryTimeout() {
        return deliveryTimeout;
    }

    @JsonProperty
    public void setDeliveryTimeout(Duration deliveryTimeout) {
        this.deliveryTimeout = deliveryTimeout;
    }

    @JsonIgnore
    @ValidationMethod(message = "acks must be 'all' (or -1) when enableIdempotence is true")
    public boolean isAcksCompatibleWithIdempotence() {
        return !enableIdempotence || "all".equals(acks) || "-1".equals(acks);
    }

    @JsonIgnore
    @ValidationMethod(message = "maxInFlightRequestsPerConnection must be at most 5 when enableIdempotence is true")
    public boolean isInFlightCompatibleWithIdempotence() {
        return !enableIdempotence || maxInFlightRequestsPerConnection <= 5;
    }

    @JsonIgnore
    @ValidationMethod(message = "deliveryTimeout must be at least linger + requestTimeout")
    public boolean isDeliveryTimeoutLongEnough() {
        if (deliveryTimeout == null || linger == null || requestTimeout == null) {
            return true; // reported by @NotNull
        }
        return deliveryTimeout.toMilliseconds() >= linger.toMilliseconds() + requestTimeout.toMilliseconds();
    }

    /** The producer properties these settings stand for (Kafka's own key names). */
    public Map<String, Object> toProducerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, enableIdempotence);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, maxInFlightRequestsPerConnection);
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMilliseconds());
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, (int) batchSize.toBytes());
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, bufferMemory.toBytes());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compressionType);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMilliseconds());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMilliseconds());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMilliseconds());
        return props;
    }
}
