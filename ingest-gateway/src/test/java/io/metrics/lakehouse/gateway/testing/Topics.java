package io.metrics.lakehouse.gateway.testing;

import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.RejectedBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads what the gateway wrote: every record of a topic whose key is a given metric, decoded. */
public final class Topics {

    private final String bootstrapServers;

    public Topics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public List<PointBatch> points(String topic, String metric, int atLeast) throws Exception {
        List<PointBatch> batches = new ArrayList<>();
        for (byte[] value : values(topic, metric, atLeast, Duration.ofSeconds(20))) {
            batches.add(PointBatch.parseFrom(value));
        }
        return batches;
    }

    public List<RejectedBatch> deadLetters(String topic, String metric, int atLeast) throws Exception {
        List<RejectedBatch> batches = new ArrayList<>();
        for (byte[] value : values(topic, metric, atLeast, Duration.ofSeconds(20))) {
            batches.add(RejectedBatch.parseFrom(value));
        }
        return batches;
    }

    /** Records of the metric now in the topic, without waiting for more. */
    public int count(String topic, String metric) {
        return values(topic, metric, 0, Duration.ZERO).size();
    }

    /**
     * Values of the records keyed by {@code metric}, reading the whole topic from the beginning
     * until {@code atLeast} were found (or the timeout passed) and the end was reached.
     */
    private List<byte[]> values(String topic, String metric, int atLeast, Duration timeout) {
        Predicate<ConsumerRecord<byte[], byte[]>> ofMetric =
                r -> r.key() != null && metric.equals(new String(r.key(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (true) {
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                List<byte[]> found = new ArrayList<>();
                consumer.seekToBeginning(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        if (ofMetric.test(record)) {
                            found.add(record.value());
                        }
                    }
                }
                if (found.size() >= atLeast || System.nanoTime() > deadline) {
                    return found;
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
