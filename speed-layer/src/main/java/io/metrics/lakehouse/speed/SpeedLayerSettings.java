package io.metrics.lakehouse.speed;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of the speed layer reads and writes.
 *
 * @param bootstrapServers     Kafka bootstrap servers
 * @param pointsTopic          topic of {@code PointBatch} records
 * @param deadLetterTopic      topic that receives records the job cannot use
 * @param catalog              name of the Iceberg catalog in the Spark session
 * @param checkpointLocation   Structured Streaming checkpoint: a local path in the embedded default,
 *                             an object-store URI on a cluster; it holds the consumed offsets
 * @param triggerInterval      processing-time trigger; null: process what is available, then stop
 * @param startingOffsets      first start only ("earliest", "latest" or Spark's per-partition JSON);
 *                             afterwards the checkpoint decides
 * @param maxOffsetsPerTrigger upper bound of records per micro-batch; null for none
 */
public record SpeedLayerSettings(
        String bootstrapServers,
        String pointsTopic,
        String deadLetterTopic,
        String catalog,
        String checkpointLocation,
        Duration triggerInterval,
        String startingOffsets,
        Long maxOffsetsPerTrigger) implements Serializable {

    public static final String POINTS_TOPIC = "metrics.points.v1";
    public static final String DEAD_LETTER_TOPIC = "metrics.deadletter.v1";
    public static final Duration DEFAULT_TRIGGER = Duration.ofSeconds(5);

    public SpeedLayerSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(pointsTopic, "pointsTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(checkpointLocation, "checkpointLocation");
        Objects.requireNonNull(startingOffsets, "startingOffsets");
    }

    public String rawPointsTable() {
        return catalog + ".metrics.raw_points";
    }

    public String speedRollupTable() {
        return catalog + ".metrics.speed_rollup_1m";
    }

    public String seriesTable() {
        return catalog + ".metrics.series";
    }

    /**
     * The Kafka source's options, all explicit. {@code failOnDataLoss}: an acknowledged point that
     * left the topic before it was read is loss, and the query must stop and say so rather than skip
     * it. {@code read_committed}: never see records of an aborted producer transaction.
     */
    public Map<String, String> kafkaSourceOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("kafka.bootstrap.servers", bootstrapServers);
        options.put("subscribe", pointsTopic);
        options.put("startingOffsets", startingOffsets);
        options.put("failOnDataLoss", "true");
        options.put("groupIdPrefix", "metrics-speed-layer");
        options.put("includeHeaders", "false");
        options.put("kafka.isolation.level", "read_committed");
        options.put("kafka.client.id", "metrics-speed-layer");
        // A record is one batch of one metric (up to ~1000 points, tens of KiB): fetch in large chunks.
        options.put("kafka.max.partition.fetch.bytes", Integer.toString(8 * 1024 * 1024));
        options.put("kafka.fetch.max.bytes", Integer.toString(64 * 1024 * 1024));
        options.put("kafka.request.timeout.ms", "30000");
        if (maxOffsetsPerTrigger != null) {
            options.put("maxOffsetsPerTrigger", Long.toString(maxOffsetsPerTrigger));
        }
        return options;
    }
}
