package io.metrics.lakehouse.speed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag of the speed layer: records in the topic beyond what the last micro-batch read, with the
 * topic's end asked from Kafka when the batch finished. (Spark's own progress compares with the end
 * it saw when it planned the batch, which is always 0 without a per-trigger limit.)
 */
final class ConsumerLag implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Admin admin;

    ConsumerLag(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "metrics-speed-layer-lag");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        this.admin = Admin.create(props);
    }

    /** @param endOffsetJson the Kafka source's end offsets of a batch: {"topic":{"0":12,...}}; -1 if unknown */
    long after(String endOffsetJson) {
        try {
            Map<TopicPartition, Long> read = offsets(endOffsetJson);
            if (read.isEmpty()) {
                return -1;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            read.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end
                    : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                lag += Math.max(0, end.getValue().offset() - read.get(end.getKey()));
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    static Map<TopicPartition, Long> offsets(String json) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (json == null) {
            return offsets;
        }
        for (Iterator<Map.Entry<String, JsonNode>> topics = JSON.readTree(json).fields(); topics.hasNext(); ) {
            Map.Entry<String, JsonNode> topic = topics.next();
            for (Iterator<Map.Entry<String, JsonNode>> partitions = topic.getValue().fields(); partitions.hasNext(); ) {
                Map.Entry<String, JsonNode> partition = partitions.next();
                offsets.put(new TopicPartition(topic.getKey(), Integer.parseInt(partition.getKey())),
                        partition.getValue().asLong());
            }
        }
        return offsets;
    }

    @Override
    public void close() {
        admin.close();
    }
}
