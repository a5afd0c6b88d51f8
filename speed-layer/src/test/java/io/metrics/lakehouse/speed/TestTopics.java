package io.metrics.lakehouse.speed;

import io.metrics.lakehouse.core.wire.v1.MetricType;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.Sample;
import io.metrics.lakehouse.core.wire.v1.SeriesPoints;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Real records on the stack's Kafka topics: what the gateway would produce, and reading them back. */
final class TestTopics implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<byte[], byte[]> producer;

    TestTopics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** One series' samples: (timestamp, value) pairs. */
    record Series(Map<String, String> tags, List<Map.Entry<Instant, Double>> samples) {
    }

    static Series series(Map<String, String> tags, Object... timeValuePairs) {
        List<Map.Entry<Instant, Double>> samples = new ArrayList<>();
        for (int i = 0; i < timeValuePairs.length; i += 2) {
            samples.add(Map.entry(Instant.parse((String) timeValuePairs[i]),
                    ((Number) timeValuePairs[i + 1]).doubleValue()));
        }
        return new Series(tags, samples);
    }

    static PointBatch batch(String batchId, String metric, MetricType type, Series... series) {
        PointBatch.Builder batch = PointBatch.newBuilder().setBatchId(batchId).setMetric(metric).setMetricType(type)
                .setSource("test").setIngestedAtMillis(System.currentTimeMillis());
        for (Series s : series) {
            SeriesPoints.Builder points = SeriesPoints.newBuilder().putAllTags(s.tags());
            s.samples().forEach(e -> points.addSamples(
                    Sample.newBuilder().setTimestampMillis(e.getKey().toEpochMilli()).setValue(e.getValue())));
            batch.addSeries(points);
        }
        return batch.build();
    }

    void send(PointBatch batch) {
        send(batch.getMetric(), batch.toByteArray());
    }

    void send(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(SpeedLayerSettings.POINTS_TOPIC,
                    key.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Current end offsets of a topic as Spark's startingOffsets JSON: start a query after what exists. */
    String endOffsetsJson(String topic) {
        Map<Integer, Long> ends = endOffsets(topic);
        return "{\"" + topic + "\":{" + ends.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue()).collect(Collectors.joining(",")) + "}}";
    }

    Map<Integer, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue));
        }
    }

    /** The records of a topic from the given offsets to its end now. */
    List<ConsumerRecord<byte[], byte[]>> readFrom(String topic, Map<Integer, Long> from) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            partitions.forEach(tp -> consumer.seek(tp, from.getOrDefault(tp.partition(), 0L)));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                consumer.poll(java.time.Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        producer.close();
    }
}
